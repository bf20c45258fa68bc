using Xunit;

namespace PersonalApp.SecurityTests.Isolation;

/// <summary>The tests that start worker processes: they run one after another, and the leak check runs after them all.</summary>
[CollectionDefinition("isolation")]
public sealed class IsolationCollection : ICollectionFixture<WorkerLeakCheck>;

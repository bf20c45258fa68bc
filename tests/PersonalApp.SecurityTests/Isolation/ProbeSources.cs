namespace PersonalApp.SecurityTests.Isolation;

/// <summary>Probe plugins more than one test class approves, as the model would answer them.</summary>
internal static class ProbeSources
{
    /// <summary>Counts its calls in the storage capability (one <c>Increment</c> per call) and returns the count.</summary>
    public const string StorageCounter = """
        using PersonalApp.Capabilities;
        using PersonalApp.SecurityTests.Contracts;
        namespace Probes;
        [UsesCapabilities("storage")]
        public sealed class Counter : IIsolatedProbe
        {
            public string Run(ProbeRequest request) => PluginContext.Current.Require<IPluginStorage>().Increment("count").ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        """;
}

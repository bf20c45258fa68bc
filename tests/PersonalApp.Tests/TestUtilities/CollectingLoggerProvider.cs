using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PersonalApp.Tests.TestUtilities;

/// <summary>Keeps every log message, so a test can see what a component did that has no other observable trace.</summary>
internal sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyList<string> Messages => [.. _messages];

    public ILogger CreateLogger(string categoryName) => new Collector(categoryName, _messages);

    public void Dispose()
    {
    }

    private sealed class Collector(string category, ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => messages.Enqueue($"{category}: {formatter(state, exception)}");
    }
}

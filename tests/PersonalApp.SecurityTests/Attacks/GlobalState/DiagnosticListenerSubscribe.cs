// Attack: Subscribes to DiagnosticListener.AllListeners, receiving every diagnostic event the host emits (HTTP requests with headers, SQL commands).
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;

public sealed class DiagnosticListenerSubscribe : IProbe
{
    private static readonly ConcurrentQueue<string> Captured = new();

    public string Run(ProbeInput input)
    {
        DiagnosticListener.AllListeners.Subscribe(new Spy());
        return string.Join("\n", Captured);
    }

    private sealed class Spy : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(DiagnosticListener listener) => listener.Subscribe(this);

        public void OnNext(KeyValuePair<string, object?> evt) => Captured.Enqueue(evt.Key + ": " + evt.Value);

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}

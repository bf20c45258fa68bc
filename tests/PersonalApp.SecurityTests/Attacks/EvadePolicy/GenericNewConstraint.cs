// Attack: Exhausts the host's file descriptors by creating 100,000 UdpClient sockets through a generic new T(), where UdpClient appears only as a type argument.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Collections.Generic;

public sealed class GenericNewConstraint : IProbe
{
    private readonly List<IDisposable> _kept = [];

    public string Run(ProbeInput input)
    {
        for (int i = 0; i < 100_000; i++)
        {
            // Each one opens an OS socket; none is ever disposed, and the list keeps them from being finalized.
            _kept.Add(Make<System.Net.Sockets.UdpClient>());
        }

        return _kept.Count.ToString();
    }

    private static T Make<T>()
        where T : IDisposable, new()
        => new T();
}

// Attack: Keeps 40 MB per call in an instance field of the (reused) plugin object, so every call stays under a per-call budget while the host's memory grows without end.
// Expect: isolation
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Collections.Generic;

public sealed class InstanceFieldHoard : IProbe
{
    private readonly List<byte[]> _hoard = [];

    public string Run(ProbeInput input)
    {
        for (int i = 0; i < 40; i++)
        {
            _hoard.Add(new byte[1024 * 1024]);
        }

        return (_hoard.Count * 1024L * 1024L).ToString();
    }
}

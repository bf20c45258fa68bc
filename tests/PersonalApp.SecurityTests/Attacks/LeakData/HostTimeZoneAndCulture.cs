// Attack: Learns the host's time zone and culture without DateTime.Now, through "date arithmetic" members: ToUniversalTime, an implicit DateTime to DateTimeOffset conversion, and culture-sensitive ToString.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class HostTimeZoneAndCulture : IProbe
{
    public string Run(ProbeInput input)
    {
        var local = new DateTime(2024, 7, 1, 12, 0, 0, DateTimeKind.Local);

        // Both consult TimeZoneInfo.Local behind the scenes; the second through an operator with no call in sight.
        TimeSpan offset = local - local.ToUniversalTime();
        DateTimeOffset implicitOffset = new DateTime(2024, 1, 1, 12, 0, 0);

        // Culture-sensitive formatting reveals the host's current culture ("1,5" vs "1.5", month names).
        string culture = 1.5m.ToString() + " " + local.ToString("D");
        return $"summer offset {offset}, winter offset {implicitOffset.Offset}, culture sample {culture}";
    }
}

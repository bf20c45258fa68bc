// Attack: Sets CultureInfo.DefaultThreadCurrentCulture to de-DE, changing number and date parsing on every new thread of the host.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Globalization;

public sealed class DefaultThreadCultureChange : IProbe
{
    public string Run(ProbeInput input)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.GetCultureInfo("de-DE");
        return input.Text;
    }
}

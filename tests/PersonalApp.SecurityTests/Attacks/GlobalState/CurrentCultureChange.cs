// Attack: Sets CultureInfo.CurrentCulture to tr-TR on the host's thread, so later host parsing and casing ("1.5", "I".ToLower()) silently changes.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Globalization;

public sealed class CurrentCultureChange : IProbe
{
    public string Run(ProbeInput input)
    {
        CultureInfo.CurrentCulture = new CultureInfo("tr-TR");
        CultureInfo.CurrentUICulture = new CultureInfo("ar-SA");
        return input.Text;
    }
}

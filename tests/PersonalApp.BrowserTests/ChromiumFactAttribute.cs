namespace PersonalApp.BrowserTests;

/// <summary>
/// A fact that needs Debian's Chromium at <c>/usr/bin/chromium</c>: skipped, saying how to install it, when it is absent.
/// Playwright's own browser download is never used.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath))
        {
            Skip = $"Chromium is not installed at {ChromiumPath}: run `apt-get install -y chromium` to run the browser tests.";
        }
    }
}

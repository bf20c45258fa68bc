using PersonalApp.Approvals;
using PersonalApp.Catalog;

namespace PersonalApp.Tests.Approvals;

public sealed class PluginAudienceTests
{
    [Theory]
    [InlineData("owner")]
    [InlineData("everyone")]
    [InlineData("group:desk 2")]
    public void Parse_TextForm_RoundTrips(string text)
    {
        Assert.Equal(text, PluginAudience.Parse(text).ToString());
    }

    [Fact]
    public void Group_SameName_AreEqual()
    {
        Assert.Equal(PluginAudience.Group("staff"), PluginAudience.Group(" staff "));
        Assert.NotEqual(PluginAudience.Group("staff"), PluginAudience.Everyone);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Group_BlankName_ThrowsArgumentException(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => PluginAudience.Group(name));
    }
}

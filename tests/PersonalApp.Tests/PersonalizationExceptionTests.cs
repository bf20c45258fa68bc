namespace PersonalApp.Tests;

public sealed class PersonalizationExceptionTests
{
    [Fact]
    public void Constructor_WithId_PrefixesTheMessageWithIt()
    {
        var ex = new PersonalizationException("PA0501", "There is no plugin version x v1.");

        Assert.Equal("PA0501", ex.DiagnosticId);
        Assert.Equal("PA0501: There is no plugin version x v1.", ex.Message);
    }

    [Fact]
    public void Constructor_WithoutId_UsesTheGeneralId()
    {
        var inner = new IOException("disk");

        var ex = new PersonalizationException("general", inner);

        Assert.Equal("PA0001", ex.DiagnosticId);
        Assert.Same(inner, ex.InnerException);
    }
}

namespace PersonalApp.Tests.Diagnostics;

public sealed class PersonalizationDiagnosticTests
{
    [Fact]
    public void ToString_CompilerDiagnostic_ShowsIdCompilerIdAndPosition()
    {
        var diagnostic = new PersonalizationDiagnostic("PA0301", PersonalizationSeverity.Error, "no Adultz") { CompilerId = "CS1061", Line = 9, Column = 28 };

        Assert.Equal("PA0301 CS1061 (line 9, column 28): no Adultz", diagnostic.ToString());
    }

    [Fact]
    public void ToString_PlainDiagnostic_ShowsIdAndMessage()
    {
        Assert.Equal("PA0203: no code", new PersonalizationDiagnostic("PA0203", PersonalizationSeverity.Error, "no code").ToString());
    }
}

// Attack: Reads the secret file by name only: Type.GetType("System.IO." + "File").GetMethod("ReadAllText").Invoke, no forbidden symbol in the source.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class TypeGetTypeFileRead : IProbe
{
    public string Run(ProbeInput input)
    {
        var file = Type.GetType("System.IO." + "File");
        var env = Type.GetType("System." + "Environment");
        var path = env?.GetMethod("GetEnvironmentVariable", [typeof(string)])?.Invoke(null, ["PERSONALAPP_PLANTED_SECRET_FILE"]) as string;
        return file?.GetMethod("ReadAllText", [typeof(string)])?.Invoke(null, [path ?? input.Text]) as string ?? "(none)";
    }
}

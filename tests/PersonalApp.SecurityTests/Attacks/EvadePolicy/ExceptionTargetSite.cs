// Attack: Gets reflection from a caught exception's TargetSite (a MethodBase), then walks to Environment and File in the same core assembly to read the secret file.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Linq;

public sealed class ExceptionTargetSite : IProbe
{
    public string Run(ProbeInput input)
    {
        try
        {
            _ = int.Parse("not a number");
            return "";
        }
        catch (FormatException e)
        {
            var coreLib = e.TargetSite!.DeclaringType!.Assembly;
            var env = coreLib.GetType("System.Environment")!.GetMethods().First(m => m.Name == "GetEnvironmentVariable" && m.GetParameters().Length == 1);
            var read = coreLib.GetType("System.IO.File")!.GetMethods().First(m => m.Name == "ReadAllText" && m.GetParameters().Length == 1);
            var path = env.Invoke(null, ["PERSONALAPP_PLANTED_SECRET_FILE"]) as string ?? "/etc/passwd";
            return (string)read.Invoke(null, [path])!;
        }
    }
}

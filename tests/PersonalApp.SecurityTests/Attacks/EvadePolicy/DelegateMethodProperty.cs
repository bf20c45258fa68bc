// Attack: Gets reflection from an allowed type: a lambda's Func.Method (a MethodInfo) leads to Module.Assembly, then to System.IO.File by name.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Linq;

public sealed class DelegateMethodProperty : IProbe
{
    public string Run(ProbeInput input)
    {
        Func<string, int> length = s => s.Length;
        Func<string> trim = input.Text.Trim;

        // trim.Method is String.Trim in System.Private.CoreLib, the assembly that also holds File and Environment.
        var coreLib = trim.Method.DeclaringType!.Assembly;
        var env = coreLib.GetType("System.Environment")!.GetMethods().First(m => m.Name == "GetEnvironmentVariable" && m.GetParameters().Length == 1);
        return length.Method.Name + ": " + env.Invoke(null, ["PERSONALAPP_PLANTED_SECRET"]);
    }
}

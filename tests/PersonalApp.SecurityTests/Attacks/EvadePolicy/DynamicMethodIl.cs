// Attack: Emits IL at run time with DynamicMethod + ILGenerator (skipVisibility) that loads the private field ProbeInput._secret.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Reflection;
using System.Reflection.Emit;

public sealed class DynamicMethodIl : IProbe
{
    public string Run(ProbeInput input)
    {
        var field = typeof(ProbeInput).GetField("_secret", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var method = new DynamicMethod("peek", typeof(string), [typeof(ProbeInput)], typeof(ProbeInput).Module, skipVisibility: true);
        ILGenerator il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, field);
        il.Emit(OpCodes.Ret);
        var peek = (Func<ProbeInput, string>)method.CreateDelegate(typeof(Func<ProbeInput, string>));
        return peek(input);
    }
}

// Attack: Reads ProbeInput._secret through __makeref, TypedReference.MakeTypedReference and __refvalue instead of FieldInfo.GetValue.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Reflection;

public sealed class MakeRefField : IProbe
{
    public string Run(ProbeInput input)
    {
        TypedReference whole = __makeref(input);
        object target = TypedReference.ToObject(whole);
        var field = target.GetType().GetField("_secret", BindingFlags.NonPublic | BindingFlags.Instance)!;
        TypedReference inner = TypedReference.MakeTypedReference(target, [field]);
        return __refvalue(inner, string);
    }
}

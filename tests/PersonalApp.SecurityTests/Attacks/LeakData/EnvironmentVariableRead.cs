// Attack: Reads the planted secret from the environment variable PERSONALAPP_PLANTED_SECRET.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class EnvironmentVariableRead : IProbe
{
    public string Run(ProbeInput input) => Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET") ?? "(not set)";
}

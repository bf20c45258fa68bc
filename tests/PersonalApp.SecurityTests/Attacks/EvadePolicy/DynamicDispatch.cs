// Attack: Reaches File.ReadAllText through dynamic calls only (GetType, Assembly, GetMethods, Invoke), so no forbidden member is bound at compile time.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class DynamicDispatch : IProbe
{
    public string Run(ProbeInput input)
    {
        dynamic text = input.Text;
        dynamic coreLib = text.GetType().Assembly;
        string path = input.Text;
        foreach (dynamic m in coreLib.GetType("System.Environment").GetMethods())
        {
            if (m.Name == "GetEnvironmentVariable" && m.GetParameters().Length == 1)
            {
                path = (string)m.Invoke(null, new object[] { "PERSONALAPP_PLANTED_SECRET_FILE" }) ?? path;
            }
        }

        foreach (dynamic m in coreLib.GetType("System.IO.File").GetMethods())
        {
            if (m.Name == "ReadAllText" && m.GetParameters().Length == 1)
            {
                return (string)m.Invoke(null, new object[] { path });
            }
        }

        return "(not found)";
    }
}

using TicketKiosk;

// The ticket kiosk of a scenic spot, whose staff ask for the pricing rules and reports they need.
//   dotnet run --project samples/TicketKiosk -- --demo     runs the whole story without input and exits 0
//   dotnet run --project samples/TicketKiosk               the interactive kiosk
// Options: --data <folder> keeps the kiosk's database there; --isolated runs approved features in worker processes.
var demo = args.Contains("--demo");
var isolated = args.Contains("--isolated");
var dataIndex = Array.IndexOf(args, "--data");
if (dataIndex >= 0 && dataIndex + 1 >= args.Length)
{
    Console.Error.WriteLine("--data needs a folder, for example --data ./kiosk-data");
    return 2;
}

var unknown = args.Where((a, i) => a.StartsWith("--", StringComparison.Ordinal) && a is not "--demo" and not "--data" and not "--isolated" && !(i > 0 && args[i - 1] == "--data")).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown option(s): {string.Join(' ', unknown)}. Use --demo, --isolated, --data <folder>.");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    if (demo)
    {
        var data = dataIndex >= 0 ? Path.GetFullPath(args[dataIndex + 1]) : Path.Combine(Path.GetTempPath(), "personalapp-kiosk-demo-" + Guid.NewGuid().ToString("N")[..8]);
        return await DemoScript.RunAsync(data, deleteAfterwards: dataIndex < 0, isolated, cancel.Token);
    }

    var folder = dataIndex >= 0
        ? Path.GetFullPath(args[dataIndex + 1])
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "PersonalApp.TicketKiosk");
    return await InteractiveKiosk.RunAsync(folder, isolated, cancel.Token);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Stopped.");
    return 130;
}

using PersonalApp.Worker;
using StreamJsonRpc;

// PersonalApp's isolated worker. Standard input and output carry length-prefixed JSON-RPC messages from and to the
// engine that started it (plugin calls go over the call channel it opens on request: CallChannel); nothing else may write to standard output, so the console is pointed at standard error.
HostWatchdog.Start();
var input = Console.OpenStandardInput();
var output = Console.OpenStandardOutput();
Console.SetOut(Console.Error);

var scratch = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "personalapp-worker-" + Environment.ProcessId);
Directory.CreateDirectory(scratch);

// Pay the serializer's first-use cost now, not during the first call and its deadline.
_ = System.Text.Json.JsonSerializer.SerializeToElement(PersonalApp.Worker.Protocol.CallResult.Completed);

using var rpc = new JsonRpc(new LengthHeaderMessageHandler(output, input, new SystemTextJsonFormatter()));
var service = new WorkerService(scratch);
rpc.AddLocalRpcMethod(PersonalApp.Worker.Protocol.WorkerMethods.Hello, service.Hello);
rpc.AddLocalRpcMethod(PersonalApp.Worker.Protocol.WorkerMethods.Load, service.Load);
rpc.AddLocalRpcMethod(PersonalApp.Worker.Protocol.WorkerMethods.Connect, service.Connect);
rpc.AddLocalRpcMethod(PersonalApp.Worker.Protocol.WorkerMethods.Unload, service.Unload);
rpc.AddLocalRpcMethod(PersonalApp.Worker.Protocol.WorkerMethods.Checks, service.Checks);
rpc.StartListening();
await rpc.Completion.ConfigureAwait(false);

// The channel closed: the host disposed this worker or died. Nothing a plugin left running may keep the process.
HostWatchdog.Die();
return 0;

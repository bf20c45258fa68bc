using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.ExtensionPoints;

namespace PersonalApp.Isolation;

/// <summary>
/// Turns the admin's choice, or <see cref="PersonalizationOptions.DefaultPlacement"/>, into the concrete placement an
/// approval stores: <see cref="PlacementDefault.Auto"/> is isolated when bubblewrap works here and the contract can cross
/// a process boundary, in-process otherwise (with the reason).
/// </summary>
internal sealed class PlacementAdvisor
{
    private readonly WorkerPool _workers;
    private readonly ExtensionPointRegistry _extensionPoints;
    private readonly PlacementDefault _default;

    public PlacementAdvisor(WorkerPool workers, ExtensionPointRegistry extensionPoints, IOptions<PersonalizationOptions> options)
    {
        _workers = workers;
        _extensionPoints = extensionPoints;
        _default = options.Value.DefaultPlacement;
    }

    public static string Meaning(PluginPlacement placement) => placement == PluginPlacement.Isolated
        ? "Isolated: the plugin runs in a separate worker process the host can kill and replace, and its capability calls come back to the host to be checked; a crash, hang or escape costs a worker, not the host."
        : "InProcess: the plugin runs inside the host process, fastest, behind the in-process sandbox layers only; a load context is not a security boundary, so approve in-process only code you have read.";

    /// <summary>Whether an approval that does not choose would place some extension point's plugins in a worker process.</summary>
    public bool IsolatesByDefault() => _extensionPoints.All.Any(p => Advise(p.ContractType.FullName!, null).Placement == PluginPlacement.Isolated);

    public PlacementAdvice Advise(string contractType, PluginPlacement? chosen)
    {
        if (chosen is { } concrete)
        {
            return new PlacementAdvice(concrete, Meaning(concrete), null);
        }

        switch (_default)
        {
            case PlacementDefault.InProcess:
                return new PlacementAdvice(PluginPlacement.InProcess, Meaning(PluginPlacement.InProcess), null);
            case PlacementDefault.Isolated:
                return new PlacementAdvice(PluginPlacement.Isolated, Meaning(PluginPlacement.Isolated), null);
        }

        var why = _extensionPoints.FindByContract(contractType)?.IsolationProblem is { } problem
            ? $"its contract cannot cross a process boundary ({problem})"
            : _workers.Mode is not IsolationMode.Bubblewrap and var mode
                ? mode is null ? "the isolated tier cannot start here" : "bubblewrap is not available here, so a worker would see the host's files and network"
                : null;
        return why is null
            ? new PlacementAdvice(PluginPlacement.Isolated, Meaning(PluginPlacement.Isolated), null)
            : new PlacementAdvice(PluginPlacement.InProcess, Meaning(PluginPlacement.InProcess), $"DefaultPlacement is Auto, but this version runs InProcess: {why}. Read the code closely, or approve with Placement = Isolated.");
    }
}

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PersonalApp.Isolation;

/// <summary>
/// A health check for the isolated tier: healthy under bubblewrap, degraded as a plain process (no file-system or network
/// isolation) or while cooling down; the report says which limits are in force. Register it with
/// <c>services.AddHealthChecks().AddCheck&lt;PersonalAppIsolationHealthCheck&gt;("personalapp-isolation")</c>.
/// </summary>
public sealed class PersonalAppIsolationHealthCheck : IHealthCheck
{
    private readonly IPluginIsolation _isolation;

    /// <summary>Initializes a new instance of the <see cref="PersonalAppIsolationHealthCheck"/> class.</summary>
    /// <param name="isolation">The isolated tier.</param>
    public PersonalAppIsolationHealthCheck(IPluginIsolation isolation) => _isolation = isolation;

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var report = _isolation.Report;
            var data = new Dictionary<string, object>
            {
                ["mode"] = report.Mode.ToString(),
                ["inForce"] = report.InForce,
                ["notInForce"] = report.NotInForce,
                ["workersAlive"] = report.WorkersAlive,
                ["workersReplaced"] = report.WorkersReplaced,
            };
            var result = report.CoolingDown || report.Mode != IsolationMode.Bubblewrap
                ? HealthCheckResult.Degraded(report.ToString(), data: data)
                : HealthCheckResult.Healthy(report.ToString(), data);
            return Task.FromResult(result);
        }
        catch (PersonalizationException ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(ex.Message, ex));
        }
    }
}

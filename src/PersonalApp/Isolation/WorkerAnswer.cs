namespace PersonalApp.Isolation;

/// <summary>What one call to a worker came to: the worker's answer, or how the worker was lost around it.</summary>
/// <typeparam name="T">The answer's type.</typeparam>
/// <param name="Value">The worker's answer, when it gave one.</param>
/// <param name="Loss">How the worker was lost, or <see cref="WorkerLoss.None"/>.</param>
/// <param name="Message">The worker's error, when the method failed there without the worker being lost.</param>
internal readonly record struct WorkerAnswer<T>(T? Value, WorkerLoss Loss, string? Message = null)
    where T : class;

namespace PersonalApp.Isolation;

/// <summary>How a worker was lost around a call, which decides who is to blame for it.</summary>
internal enum WorkerLoss
{
    /// <summary>The worker answered.</summary>
    None,

    /// <summary>The worker was lost (another call's deadline, a crash) before this call was sent: the call never ran, so it is safe to send again and it is nobody's fault.</summary>
    NotStarted,

    /// <summary>The worker died while this call ran (a crash, a flood of output, a lost connection).</summary>
    Crashed,

    /// <summary>This call passed its wall-clock deadline, and the worker was killed to end it.</summary>
    DeadlinePassed,
}

namespace PersonalApp.Worker.Protocol;

/// <summary>One operation of a capability, as a forwarded call names it.</summary>
public enum CapabilityOperation
{
    /// <summary><c>IPluginStorage.Get(Key)</c>.</summary>
    StorageGet,

    /// <summary><c>IPluginStorage.Set(Key, Text)</c>.</summary>
    StorageSet,

    /// <summary><c>IPluginStorage.Remove(Key)</c>.</summary>
    StorageRemove,

    /// <summary><c>IPluginStorage.Increment(Key, Number)</c>.</summary>
    StorageIncrement,

    /// <summary><c>IPluginStorage.Keys(Text)</c>, Text being the prefix.</summary>
    StorageKeys,

    /// <summary>The host's clock: <c>UtcNow</c> and <c>LocalNow</c> in one answer.</summary>
    ClockNow,

    /// <summary><c>IPluginLog.Information(Text)</c>.</summary>
    LogInformation,

    /// <summary><c>IPluginLog.Warning(Text)</c>.</summary>
    LogWarning,

    /// <summary><c>IPluginHttp.GetString(Text)</c>, Text being the URL.</summary>
    HttpGet,
}

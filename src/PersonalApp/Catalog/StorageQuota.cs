namespace PersonalApp.Catalog;

/// <summary>The storage quotas of one plugin for one user.</summary>
/// <param name="MaxValueBytes">The largest value, in UTF-8 bytes.</param>
/// <param name="MaxBytes">All keys and values together, in UTF-8 bytes.</param>
/// <param name="MaxKeys">How many keys.</param>
internal sealed record StorageQuota(int MaxValueBytes, long MaxBytes, int MaxKeys);

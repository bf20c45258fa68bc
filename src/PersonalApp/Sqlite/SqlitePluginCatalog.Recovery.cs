using Microsoft.Data.Sqlite;
using PersonalApp.Catalog;

namespace PersonalApp.Sqlite;

/// <summary>What the embedded catalog does about a previous process's unfinished work, and how it names a store it cannot open.</summary>
internal sealed partial class SqlitePluginCatalog
{
    // SQLite's primary result codes: the database is busy or locked by another connection, or the disk is full.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteFull = 13;

    public int MarkInterruptedRequests()
    {
        using var write = BeginWrite();
        var (connection, transaction) = write;
        var running = new List<(string Id, string? PluginId)>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT id, plugin_id FROM requests WHERE status = 'running' ORDER BY created_at";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                running.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
            }
        }

        foreach (var (id, pluginId) in running)
        {
            SqliteCommands.Execute(connection, transaction, "UPDATE requests SET status = 'interrupted', updated_at = $now WHERE id = $id AND status = 'running'", ("$id", id), ("$now", Now()));
            Audit(connection, transaction, AuditActions.RequestInterrupted, AuditActions.SystemActor, pluginId, null, $"request {id} was still running when the previous process stopped; nothing was stored for approval");
        }

        transaction.Commit();
        return running.Count;
    }

    /// <summary>
    /// The size up to which the whole file is checked (<c>PRAGMA quick_check</c>, which reads every page) before the store
    /// opens; above it, the check runs in the background sweep (<see cref="VerifyIntegrity"/>) and open checks the header
    /// and schema only. 16 MiB is about 1,000 stored plugins with their DLLs and PDBs, a check of a few tens of milliseconds.
    /// </summary>
    internal long FullCheckAtOpenMaxBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>
    /// Runs the whole-file check that open left to the background for a large store (nothing when open ran it). A damaged
    /// file is refused from then on, as open would have refused it: every later read and write throws PA0601, so nothing
    /// more is written to it and what it holds is left for a restore.
    /// </summary>
    public void VerifyIntegrity()
    {
        EnsureOpen();
        if (!_integrityPending)
        {
            if (_damage is { } known)
            {
                throw known;
            }

            return;
        }

        using (var connection = new SqliteConnection(_connectionString))
        {
            connection.Open();
            try
            {
                _damage = QuickCheck(connection, "PersonalApp no longer uses it: nothing more is written to it");
            }
            catch (SqliteException ex) when (OpenFailed(ex, _path) is { DiagnosticId: DiagnosticIds.StoreUnreadable } unreadable)
            {
                // Damage bad enough that the check itself stops (SQLITE_CORRUPT); a lock or a full disk is not damage: thrown.
                _damage = unreadable;
            }
        }

        _integrityPending = false;
        if (_damage is { } damage)
        {
            throw damage;
        }
    }

    /// <summary>SQLite's whole-file check; the refusal to throw when it finds damage (saying <paramref name="outcome"/>), else null.</summary>
    private PersonalizationException? QuickCheck(SqliteConnection connection, string outcome)
    {
        var check = SqliteCommands.Scalar(connection, null, "PRAGMA quick_check") as string;
        return string.Equals(check, "ok", StringComparison.Ordinal)
            ? null
            : new PersonalizationException(
                DiagnosticIds.StoreUnreadable,
                $"The store at '{_path}' failed SQLite's integrity check ({check}). {outcome}. Restore it from a backup, or move it aside and start with a new file.");
    }

    /// <summary>Says what stops the store from opening: a lock or a full disk is not damage, so it is not advised as such.</summary>
    internal static PersonalizationException OpenFailed(SqliteException exception, string path) => exception.SqliteErrorCode is SqliteBusy or SqliteLocked or SqliteFull
        ? new PersonalizationException(DiagnosticIds.StoreUnavailable, CatalogFailure.Describe(exception, path), exception)
        : new PersonalizationException(
            DiagnosticIds.StoreUnreadable,
            $"The store at PersonalizationOptions.StorePath '{path}' cannot be opened as a SQLite database ({exception.Message.TrimEnd('.')}). Nothing was changed. Restore it from a backup, or move it aside and start with a new file.",
            exception);
}

using Npgsql;

namespace PersonalApp.Tests.TestUtilities;

/// <summary>
/// The PostgreSQL server the tests use: the connection string in PERSONALAPP_TEST_POSTGRES (CI starts one with
/// .ci/start-postgres). Without one, PostgreSQL tests are skipped with a message saying how to get one; under CI=true
/// they are never skipped, so a server that CI failed to start fails the run instead.
/// </summary>
internal static class TestPostgres
{
    public const string Variable = "PERSONALAPP_TEST_POSTGRES";

    private static readonly Lazy<string?> Unavailable = new(Probe);

    /// <summary>Gets the connection string to the test server's maintenance database.</summary>
    public static string ConnectionString => Environment.GetEnvironmentVariable(Variable) ?? throw new InvalidOperationException(SkipReason());

    /// <summary>Gets why PostgreSQL tests must be skipped here, or <see langword="null"/> when they run (always under CI).</summary>
    public static string? SkipReason()
        => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) ? null : Unavailable.Value;

    /// <summary>Skips the calling <c>[SkippableFact]</c> test when no server can be reached (never under CI=true, where it then fails).</summary>
    public static string RequireServer()
    {
        Skip.If(SkipReason() is not null, SkipReason());
        return ConnectionString;
    }

    /// <summary>A new schema name no other test uses.</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N")[..20];

    /// <summary>Drops a test's schema and everything in it.</summary>
    public static void DropSchema(string schema)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Runs SQL as someone outside PersonalApp could, with the test's schema first on the search path.</summary>
    public static int Execute(string schema, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema, Pooling = false }.ToString());
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteNonQuery();
    }

    /// <summary>Reads one value with plain SQL, with the test's schema first on the search path.</summary>
    public static object? Scalar(string schema, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema, Pooling = false }.ToString());
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    private static string? Probe()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"no PostgreSQL server: set {Variable} to a connection string, or install postgresql (apt-get install -y postgresql) and run `export {Variable}=$(.ci/start-postgres)`";
        }

        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5, Pooling = false }.ToString());
            connection.Open();
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or ArgumentException or TimeoutException)
        {
            return $"the PostgreSQL server in {Variable} cannot be reached ({ex.Message}); start one with `export {Variable}=$(.ci/start-postgres)` (needs apt-get install -y postgresql)";
        }
    }
}

using Microsoft.Data.Sqlite;

namespace PersonalApp.Tests.TestUtilities;

/// <summary>Reaches into a store file with plain SQL, as someone outside PersonalApp could; unpooled, so no handle outlives the call.</summary>
internal static class RawSql
{
    public static int Execute(string path, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open(path);
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(string path, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open(path);
        using var command = Command(connection, sql, parameters);
        return command.ExecuteScalar();
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}

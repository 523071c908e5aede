using Microsoft.Data.Sqlite;
using Planner.Events;

namespace Cli.Tests.TestKit;

/// <summary>The events a journal holds, read straight from its SQLite file (read-only), as the tests compare them.</summary>
internal static class JournalEvents
{
    /// <summary>Every event line, by sequence number.</summary>
    public static SortedDictionary<long, string> Lines(string journal)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = journal, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, line FROM events ORDER BY seq";
        using var reader = command.ExecuteReader();
        var lines = new SortedDictionary<long, string>();
        while (reader.Read())
        {
            lines[reader.GetInt64(0)] = reader.GetString(1);
        }

        return lines;
    }

    /// <summary>Every event, in order.</summary>
    public static IReadOnlyList<RunEvent> Read(string journal) => [.. Lines(journal).Values.Select(RunEventJson.Parse)];
}

using Executor.Journal;
using Microsoft.Data.Sqlite;
using Planner.Plans;
using Tests.Journal;
using Tests.Shared;

namespace Executor.Tests.TestKit;

/// <summary>What every journal test starts from: a fresh directory and the amphora-rotation example, planned once.</summary>
internal sealed class JournalScratch : IDisposable
{
    private static readonly Lazy<ResolvedPlan> SharedPlan =
        new(() => SampleJournal.Plan(System.IO.Path.Combine(Plans.RepositoryRoot, "plans", "amphora-rotation.yaml")));

    private readonly TempDirectory _directory = new();

    public ResolvedPlan Plan => SharedPlan.Value;

    public string Path(string name) => _directory.Path(name);

    /// <summary>A new, empty journal of the example at <c>run.journal</c>, closed again.</summary>
    public string NewJournal()
    {
        var path = Path("run.journal");
        SampleJournal.Create(path, Plan).Dispose();
        return path;
    }

    /// <summary>Runs SQL on a database file directly, as another program (or a tamperer) would.</summary>
    public static void ExecuteSql(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _directory.Dispose();
}

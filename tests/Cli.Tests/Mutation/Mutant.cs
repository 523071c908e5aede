namespace Cli.Tests.Mutation;

/// <summary>
/// One mutated input: which example file it came from, what was done to it (enough to redo it by hand), and the
/// bytes. <see cref="Index"/> and the run's seed reproduce it exactly (see <see cref="MutantFactory"/>).
/// </summary>
internal sealed record Mutant(int Index, ExampleFile Source, string Plan, string Mutator, string Description, byte[] Content)
{
    public override string ToString() => $"#{Index} {Source.Path}{Source.Format} [{Mutator}] {Description}";
}

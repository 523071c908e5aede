namespace Cli.Tests.Commands;

/// <summary>
/// Tests that compare a prediction with how long real work took run alone, after every other test of the assembly:
/// in parallel with other collections, the same apply of the real Octavia once took 60 % longer than the run it was
/// calibrated on a minute before (15.9 s, then 22.9 s), as another test's load took the second core.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedAloneCollection
{
    public const string Name = "timed alone";
}

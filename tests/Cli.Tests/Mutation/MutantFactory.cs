namespace Cli.Tests.Mutation;

/// <summary>
/// Makes mutant <c>i</c> of a run from the run's seed and <c>i</c> alone (its own <see cref="Random"/>), so any one
/// mutant can be rebuilt without the others: an example file, one or two mutations, half structure-aware
/// (<see cref="YamlTreeMutator"/>), half raw (<see cref="RawMutator"/>).
/// </summary>
internal sealed class MutantFactory(ExampleInputs inputs, int seed)
{
    public Mutant Create(int index)
    {
        var random = new Random(MixSeed(seed, index));
        var source = inputs.Files[random.Next(inputs.Files.Count)];
        var plan = source.Plans[random.Next(source.Plans.Length)];
        var content = source.Content;
        var mutators = new List<string>();
        var descriptions = new List<string>();
        var rounds = random.NextDouble() < 0.2 ? 2 : 1;
        for (var round = 0; round < rounds; round++)
        {
            var structured = random.NextDouble() < 0.5 ? YamlTreeMutator.TryMutate(content, random) : null;
            var (mutator, description, mutated) = structured ?? RawMutator.Mutate(content, random);
            mutators.Add(mutator);
            descriptions.Add(description);
            content = mutated;
        }

        return new Mutant(index, source, plan, string.Join("+", mutators), string.Join("; then ", descriptions), content);
    }

    // SplitMix64's finaliser over (seed, index): neighbouring indexes get unrelated streams.
    private static int MixSeed(int seed, int index)
    {
        var z = unchecked(((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(z ^ (z >> 31));
    }
}

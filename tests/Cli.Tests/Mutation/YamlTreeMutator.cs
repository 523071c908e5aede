using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Cli.Tests.Mutation;

/// <summary>
/// Mutations that know the YAML: the file is parsed into YamlDotNet's node tree, changed, and written back (comments
/// are lost): a key deleted or renamed (also to a sibling's name), a sequence item duplicated, two scalar values or two
/// subtrees swapped, a value replaced by one of another type (<see cref="OddValues"/>), a path by an odd one, a
/// collection emptied.
/// </summary>
internal static class YamlTreeMutator
{
    private static readonly string[] PathKeys = ["file", "dir"];

    private static readonly Func<List<Slot>, Random, (string, string)?>[] Mutations =
    [
        DeleteKey, DeleteKey, RenameKey, DuplicateItem, SwapScalars, SwapSubtrees, Retype, Retype, Retype, Retype, OddPath, OddPath, Empty,
    ];

    /// <summary>The mutated file, or null when it does not parse (an earlier raw mutation broke it) or the mutation has nothing to act on.</summary>
    public static (string Mutator, string Description, byte[] Content)? TryMutate(byte[] content, Random random)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(Encoding.UTF8.GetString(content)));
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner and node loader throw the last two on some broken input: mplan reads it with its own
            // reader (and must report it as MP004), the mutant gets a raw mutation instead.
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            return null;
        }

        var slots = new List<Slot>();
        Collect(stream.Documents[0].RootNode, null, null, -1, "", slots);
        var index = random.Next(Mutations.Length);
        if (Mutations[index](slots, random) is not var (mutator, description))
        {
            return null;
        }

        using var writer = new StringWriter { NewLine = "\n" };
        stream.Save(writer, assignAnchors: false);
        return (mutator, description, Encoding.UTF8.GetBytes(writer.ToString()));
    }

    private static (string, string)? DeleteKey(List<Slot> slots, Random random)
    {
        var entries = slots.Where(s => s.Parent is YamlMappingNode).ToList();
        if (entries.Count == 0)
        {
            return null;
        }

        var slot = entries[random.Next(entries.Count)];
        ((YamlMappingNode)slot.Parent!).Children.Remove(slot.Key!);
        return ("delete-key", $"deleted {slot.Path}");
    }

    private static (string, string)? RenameKey(List<Slot> slots, Random random)
    {
        var entries = slots.Where(s => s.Parent is YamlMappingNode && s.Key is YamlScalarNode).ToList();
        if (entries.Count == 0)
        {
            return null;
        }

        var slot = entries[random.Next(entries.Count)];
        var key = (YamlScalarNode)slot.Key!;
        var siblings = ((YamlMappingNode)slot.Parent!).Children.Keys.OfType<YamlScalarNode>().Where(k => k.Value != key.Value).ToList();
        var name = key.Value ?? "";
        var renamed = siblings.Count > 0 && random.Next(2) == 0
            ? siblings[random.Next(siblings.Count)].Value!
            : random.Next(3) switch
            {
                0 => name.ToUpperInvariant(),
                1 => name.Length > 1 ? name[..^1] : name + "x",
                _ => name + "s",
            };
        var before = key.Value;
        key.Value = renamed;
        return ("rename-key", $"renamed {slot.Path} to '{renamed}'{(siblings.Any(s => s.Value == renamed) ? $" (a sibling of '{before}')" : "")}");
    }

    private static (string, string)? DuplicateItem(List<Slot> slots, Random random)
    {
        var items = slots.Where(s => s.Parent is YamlSequenceNode).ToList();
        if (items.Count == 0)
        {
            return null;
        }

        var slot = items[random.Next(items.Count)];
        ((YamlSequenceNode)slot.Parent!).Children.Insert(slot.Index + 1, Clone(slot.Node));
        return ("duplicate-item", $"duplicated {slot.Path}");
    }

    private static (string, string)? SwapScalars(List<Slot> slots, Random random)
    {
        var scalars = slots.Where(s => s.Node is YamlScalarNode && s.Parent is not null).ToList();
        if (scalars.Count < 2)
        {
            return null;
        }

        var (a, b) = (scalars[random.Next(scalars.Count)], scalars[random.Next(scalars.Count)]);
        var (x, y) = ((YamlScalarNode)a.Node, (YamlScalarNode)b.Node);
        (x.Value, y.Value, x.Style, y.Style, x.Tag, y.Tag) = (y.Value, x.Value, y.Style, x.Style, y.Tag, x.Tag);
        return ("swap-scalars", $"swapped the values of {a.Path} and {b.Path}");
    }

    private static (string, string)? SwapSubtrees(List<Slot> slots, Random random)
    {
        var values = slots.Where(s => s.Parent is not null).ToList();
        if (values.Count < 2)
        {
            return null;
        }

        var (a, b) = (values[random.Next(values.Count)], values[random.Next(values.Count)]);
        if (Contains(a.Node, b.Node) || Contains(b.Node, a.Node))
        {
            return null;
        }

        var (nodeA, nodeB) = (a.Node, b.Node);
        Replace(a, nodeB);
        Replace(b, nodeA);
        return ("swap-subtrees", $"swapped {a.Path} and {b.Path}");
    }

    private static (string, string)? Retype(List<Slot> slots, Random random)
    {
        var values = slots.Where(s => s.Parent is not null).ToList();
        var scalars = values.Where(s => s.Node is YamlScalarNode).ToList();
        var pool = scalars.Count > 0 && random.Next(4) > 0 ? scalars : values;
        if (pool.Count == 0)
        {
            return null;
        }

        var slot = pool[random.Next(pool.Count)];
        var (description, node) = OddValues.Replacement(slot.Node as YamlScalarNode, random);
        Replace(slot, node);
        return ("retype", $"{slot.Path} := {description}");
    }

    private static (string, string)? OddPath(List<Slot> slots, Random random)
    {
        var paths = slots.Where(s => s.Node is YamlScalarNode && s.Key is YamlScalarNode { Value: var key } && PathKeys.Contains(key)).ToList();
        if (paths.Count == 0)
        {
            return Retype(slots, random);
        }

        var slot = paths[random.Next(paths.Count)];
        var (description, node) = OddValues.OddPath(random);
        Replace(slot, node);
        return ("odd-path", $"{slot.Path} := {description}");
    }

    private static (string, string)? Empty(List<Slot> slots, Random random)
    {
        var collections = slots.Where(s => s.Parent is not null && s.Node is YamlMappingNode or YamlSequenceNode).ToList();
        if (collections.Count == 0)
        {
            return null;
        }

        var slot = collections[random.Next(collections.Count)];
        Replace(slot, slot.Node is YamlMappingNode ? new YamlMappingNode { Style = MappingStyle.Flow } : new YamlSequenceNode { Style = SequenceStyle.Flow });
        return ("empty", $"emptied {slot.Path}");
    }

    private static void Replace(Slot slot, YamlNode node)
    {
        switch (slot.Parent)
        {
            case YamlMappingNode mapping:
                mapping.Children[slot.Key!] = node;
                break;
            case YamlSequenceNode sequence:
                sequence.Children[slot.Index] = node;
                break;
        }
    }

    private static void Collect(YamlNode node, YamlNode? parent, YamlNode? key, int index, string path, List<Slot> slots)
    {
        slots.Add(new Slot(node, parent, key, index, path.Length == 0 ? "/" : path));
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (k, v) in mapping.Children.ToList())
                {
                    Collect(v, mapping, k, -1, $"{path}/{(k as YamlScalarNode)?.Value ?? "?"}", slots);
                }

                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Collect(sequence.Children[i], sequence, null, i, $"{path}/{i}", slots);
                }

                break;
        }
    }

    private static bool Contains(YamlNode outer, YamlNode inner) => outer == inner || outer.AllNodes.Contains(inner);

    private static YamlNode Clone(YamlNode node) => node switch
    {
        YamlScalarNode scalar => new YamlScalarNode(scalar.Value) { Style = scalar.Style, Tag = scalar.Tag },
        YamlSequenceNode sequence => new YamlSequenceNode(sequence.Children.Select(Clone)) { Style = sequence.Style },
        YamlMappingNode mapping => new YamlMappingNode(mapping.Children.Select(e => new KeyValuePair<YamlNode, YamlNode>(Clone(e.Key), Clone(e.Value))))
        {
            Style = mapping.Style,
        },
        _ => node,
    };

    /// <summary>A node, where it hangs (a mapping entry's key or a sequence index), and its path from the root.</summary>
    private sealed record Slot(YamlNode Node, YamlNode? Parent, YamlNode? Key, int Index, string Path);
}

namespace Planner.Diagnostics;

/// <summary>"Did you mean" for names: ids, properties, enum values, targets.</summary>
public static class Suggestions
{
    /// <summary>
    /// The candidate the value is most likely a misspelling of, for "did you mean": the closest within one edit per
    /// four letters (at least one; a swap of neighbours is one edit) that keeps part of the word (so 'E' is not taken
    /// for 'C', nor 'lb-db' for 'lb-web'), or else the one shorter candidate whose first three quarters the value starts
    /// with ('ACTIVATED' for 'ACTIVE'). Two candidates equally close are no suggestion ('cmp-11': cmp-01 or cmp-10?).
    /// Case is ignored.
    /// </summary>
    public static string? Closest(string value, IEnumerable<string> candidates)
    {
        var list = candidates.ToList();
        var lower = value.ToLowerInvariant();
        string? best = null;
        var bestDistance = int.MaxValue;
        var tied = false;
        foreach (var candidate in list)
        {
            var distance = EditDistance(lower, candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance, tied) = (candidate, distance, false);
            }
            else if (distance == bestDistance && !string.Equals(candidate, best, StringComparison.Ordinal))
            {
                tied = true;
            }
        }

        if (best is not null && !tied && bestDistance <= Math.Max(1, best.Length / 4) && bestDistance < Math.Min(value.Length, best.Length))
        {
            return best;
        }

        var prefixed = list.Where(c => value.Length > c.Length && CommonPrefix(lower, c.ToLowerInvariant()) >= Math.Max(4, ((3 * c.Length) + 3) / 4)).ToList();
        return prefixed.Count == 1 ? prefixed[0] : null;
    }

    private static int CommonPrefix(string a, string b)
    {
        var length = 0;
        while (length < a.Length && length < b.Length && a[length] == b[length])
        {
            length++;
        }

        return length;
    }

    // Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours ('retyr') cost 1.
    private static int EditDistance(string a, string b)
    {
        var beforePrevious = new int[b.Length + 1];
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], beforePrevious[j - 2] + 1);
                }
            }

            (beforePrevious, previous) = (previous, current);
        }

        return previous[b.Length];
    }
}

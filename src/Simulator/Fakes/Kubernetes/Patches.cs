using System.Globalization;
using System.Text.Json.Nodes;

namespace Simulator.Fakes.Kubernetes;

/// <summary>The three PATCH flavours a Kubernetes API server applies (CONTRACTS §4.3).</summary>
public static class Patches
{
    /// <summary>RFC 7386: objects merge recursively, <c>null</c> removes a key, anything else replaces.</summary>
    /// <param name="target">The current document (not changed).</param>
    /// <param name="patch">The merge patch.</param>
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var merged = Merge(result[key], value);
                result[key] = merged;
            }
        }

        return result;
    }

    // The patchMergeKey of the lists the fake's built-in kinds have (from the Kubernetes API types).
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["conditions"] = "type",
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["ports"] = "containerPort",
        ["taints"] = "key",
        ["tolerations"] = "key",
        ["ownerReferences"] = "uid",
        ["containerStatuses"] = "name",
        ["addresses"] = "type",
    };

    /// <summary>
    /// A strategic merge patch for built-in kinds: a merge patch, except that the lists Kubernetes declares with a
    /// patchMergeKey (conditions by type, containers by name, …) are merged item by item, and <c>$patch: delete</c>
    /// removes an item. <c>$setElementOrder</c> and <c>$retainKeys</c> directives are accepted and ignored.
    /// </summary>
    /// <param name="target">The current document (not changed).</param>
    /// <param name="patch">The strategic merge patch.</param>
    public static JsonNode? Strategic(JsonNode? target, JsonNode? patch) => Strategic(target, patch, null);

    private static JsonNode? Strategic(JsonNode? target, JsonNode? patch, string? key)
    {
        if (patch is JsonArray patchArray && key is not null && MergeKeys.TryGetValue(key, out var mergeKey) && target is JsonArray targetArray)
        {
            return MergeList(targetArray, patchArray, mergeKey);
        }

        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (name, value) in patchObject)
        {
            // Directives ($patch, $setElementOrder/…, $retainKeys) only order or prune; the result is the same without them.
            if (name.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Strategic(result[name], value, name);
            }
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray target, JsonArray patch, string mergeKey)
    {
        var result = (JsonArray)target.DeepClone();
        foreach (var item in patch)
        {
            if (item is not JsonObject patchItem || patchItem[mergeKey] is not JsonNode keyNode)
            {
                result.Add(item?.DeepClone());
                continue;
            }

            var keyText = keyNode.ToJsonString();
            var index = -1;
            for (var i = 0; i < result.Count; i++)
            {
                if (result[i] is JsonObject existing && existing[mergeKey]?.ToJsonString() == keyText)
                {
                    index = i;
                    break;
                }
            }

            var delete = patchItem["$patch"]?.GetValue<string>() == "delete";
            if (delete)
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                result[index] = Strategic(result[index], patchItem, null);
            }
            else
            {
                result.Add(Strategic(null, patchItem, null));
            }
        }

        return result;
    }

    /// <summary>RFC 6902: add, remove, replace, move, copy, test; a failed <c>test</c> or a bad path is an <see cref="ApiError"/>.</summary>
    /// <param name="target">The current document (not changed).</param>
    /// <param name="operations">The JSON array of operations.</param>
    public static JsonNode? Json(JsonNode? target, JsonNode? operations)
    {
        if (operations is not JsonArray list)
        {
            throw ApiError.BadRequest("the JSON patch must be an array of operations");
        }

        var document = target?.DeepClone();
        foreach (var node in list)
        {
            if (node is not JsonObject op || op["op"]?.GetValue<string>() is not { } name || op["path"]?.GetValue<string>() is not { } path)
            {
                throw ApiError.BadRequest("every JSON patch operation needs \"op\" and \"path\"");
            }

            switch (name)
            {
                case "add":
                    document = Add(document, path, Value(op));
                    break;
                case "remove":
                    document = Remove(document, path, out _);
                    break;
                case "replace":
                    Resolve(document, path);
                    document = Remove(document, path, out _);
                    document = Add(document, path, Value(op));
                    break;
                case "move":
                    document = Remove(document, From(op), out var moved);
                    document = Add(document, path, moved);
                    break;
                case "copy":
                    document = Add(document, path, Resolve(document, From(op))?.DeepClone());
                    break;
                case "test":
                    var actual = Resolve(document, path);
                    if (!JsonNode.DeepEquals(actual, op["value"]))
                    {
                        throw new ApiError(422, "Invalid",
                            $"the server rejected our request due to an error in our request: testing value {path} failed");
                    }

                    break;
                default:
                    throw ApiError.BadRequest($"unknown JSON patch operation \"{name}\"");
            }
        }

        return document;
    }

    private static JsonNode? Value(JsonObject op) =>
        op.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw ApiError.BadRequest("the JSON patch operation needs a \"value\"");

    private static string From(JsonObject op) => op["from"]?.GetValue<string>() ?? throw ApiError.BadRequest("the JSON patch operation needs \"from\"");

    private static List<string> Pointer(string path)
    {
        if (path.Length == 0)
        {
            return [];
        }

        if (path[0] != '/')
        {
            throw ApiError.BadRequest($"the JSON pointer \"{path}\" must start with /");
        }

        return [.. path[1..].Split('/').Select(token => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    private static JsonNode? Resolve(JsonNode? document, string path)
    {
        var node = document;
        foreach (var token in Pointer(path))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => throw new ApiError(422, "Invalid", $"the server rejected our request due to an error in our request: doc is missing path: \"{path}\""),
            };
        }

        return node;
    }

    private static JsonNode? Add(JsonNode? document, string path, JsonNode? value)
    {
        var tokens = Pointer(path);
        if (tokens.Count == 0)
        {
            return value;
        }

        var parent = Resolve(document, ParentPath(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw new ApiError(422, "Invalid", $"the server rejected our request due to an error in our request: doc is missing path: \"{path}\"");
        }

        return document;
    }

    private static JsonNode? Remove(JsonNode? document, string path, out JsonNode? removed)
    {
        var tokens = Pointer(path);
        var parent = Resolve(document, ParentPath(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out var child):
                removed = child;
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                removed = a[i];
                a.RemoveAt(i);
                break;
            default:
                throw new ApiError(422, "Invalid", $"the server rejected our request due to an error in our request: doc is missing path: \"{path}\"");
        }

        removed = removed?.DeepClone();
        return document;
    }

    private static string ParentPath(List<string> tokens) =>
        tokens.Count <= 1 ? "" : "/" + string.Join('/', tokens[..^1].Select(Escape));

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}

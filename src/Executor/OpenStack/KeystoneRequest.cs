using System.Text.Json.Nodes;

namespace Executor.OpenStack;

/// <summary>The body of <c>POST /v3/auth/tokens</c> for a cloud: password or application credential, with an explicit scope.</summary>
internal static class KeystoneRequest
{
    public static JsonObject Build(CloudConfig config)
    {
        if (config.AuthKind == AuthKind.ApplicationCredential)
        {
            var credential = new JsonObject { ["secret"] = config.ApplicationCredentialSecret!.Reveal() };
            if (config.ApplicationCredentialId is { } id)
            {
                credential["id"] = id;
            }
            else
            {
                credential["name"] = config.ApplicationCredentialName;
                credential["user"] = User(config);
            }

            // An application credential carries its own scope; Keystone rejects an explicit one.
            return Auth(new JsonObject
            {
                ["methods"] = new JsonArray("application_credential"),
                ["application_credential"] = credential,
            }, scope: null);
        }

        var user = User(config);
        user["password"] = config.Password!.Reveal();
        return Auth(new JsonObject
        {
            ["methods"] = new JsonArray("password"),
            ["password"] = new JsonObject { ["user"] = user },
        }, Scope(config));
    }

    private static JsonObject Auth(JsonObject identity, JsonObject? scope)
    {
        var auth = new JsonObject { ["identity"] = identity };
        if (scope is not null)
        {
            auth["scope"] = scope;
        }

        return new JsonObject { ["auth"] = auth };
    }

    private static JsonObject User(CloudConfig config) => config.UserId is { } id
        ? new JsonObject { ["id"] = id }
        : new JsonObject { ["name"] = config.Username, ["domain"] = Domain(config.UserDomainId, config.UserDomainName) };

    // Always an explicit scope: an unscoped token has no catalog.
    private static JsonObject Scope(CloudConfig config)
    {
        if (config.SystemScope)
        {
            return new JsonObject { ["system"] = new JsonObject { ["all"] = true } };
        }

        return new JsonObject
        {
            ["project"] = config.ProjectId is { } id
                ? new JsonObject { ["id"] = id }
                : new JsonObject { ["name"] = config.ProjectName, ["domain"] = Domain(config.ProjectDomainId, config.ProjectDomainName) },
        };
    }

    private static JsonObject Domain(string? id, string? name) =>
        id is not null ? new JsonObject { ["id"] = id } : new JsonObject { ["name"] = name ?? "Default" };
}

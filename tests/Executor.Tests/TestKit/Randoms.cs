using System.Text;
using Org.BouncyCastle.Security;

namespace Executor.Tests.TestKit;

/// <summary>Random sources for tests: seeded (reproducible) or the system's.</summary>
internal static class Randoms
{
    public static SecureRandom Seeded(string seed)
    {
        var random = SecureRandom.GetInstance("SHA256PRNG", false);
        random.SetSeed(Encoding.UTF8.GetBytes(seed));
        return random;
    }
}

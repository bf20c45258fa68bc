// Attack: Uses string.IsInterned as an oracle to test guesses for secrets that the host holds as literals (allowed if the policy allows all of string).
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Linq;

public sealed class StringInternOracle : IProbe
{
    // Stored reversed, so the guesses themselves are not literals of this assembly (which would always be interned).
    private static readonly string[] ReversedGuesses = ["nimda", "drowssap", "evil-ks", "=revreS", "TERCES_DETNALP_PPALANOSREP", " reraeB"];

    public string Run(ProbeInput input)
    {
        // IsInterned returns non-null only if some loaded code holds that literal: one bit per guess.
        var hits = ReversedGuesses
            .Select(g => new string(g.Reverse().ToArray()))
            .Where(g => string.IsInterned(g) is not null);
        return string.Join(",", hits);
    }
}

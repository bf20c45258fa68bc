using Xunit;

namespace PersonalApp.SecurityTests;

/// <summary>Each attack of the corpus is stopped by the layer its header names, the host still answers, and no planted secret leaks.</summary>
public sealed class AttackCorpusTests : IClassFixture<AttackCorpusFixture>
{
    private readonly AttackCorpusFixture _corpus;

    public AttackCorpusTests(AttackCorpusFixture corpus) => _corpus = corpus;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var attack in AttackCase.LoadAll())
        {
            data.Add(attack.Id);
        }

        return data;
    }

    [Fact]
    public void Corpus_HasAtLeastSixtyAttacks_InEveryCategory()
    {
        Assert.True(_corpus.Cases.Count >= 60, $"The corpus has {_corpus.Cases.Count} attacks; at least 60 are required.");
        Assert.Equal(
            ["EvadePolicy", "ExhaustResources", "GlobalState", "KillProcess", "LeakData"],
            _corpus.Cases.Select(c => c.Category).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Attack_IsStoppedByItsExpectedLayer_AndTheHostSurvives(string id)
    {
        var result = _corpus.Results[id];
        // An attack only isolation can stop is never run here: it passes when the static layers stop it, or when it is left for the worker.
        var asExpected = result.Case.Expected == AttackCase.Isolation
            ? result.StoppedBy is AttackResult.LeftForIsolation or AttackCase.Layer1 or AttackCase.Layer2
            : result.StoppedBy == result.Case.Expected;
        Assert.True(
            asExpected,
            $"{id} ({result.Case.Attack}) was expected to be stopped by {result.Case.Expected} but was stopped by {result.StoppedBy}: {result.Detail}");
        Assert.True(result.HostSurvived, $"{id}: the innocent plugin beside it no longer answers.");
        Assert.False(result.SecretLeaked, $"{id}: a planted secret reached the plugin's output.");
    }

    [Fact]
    public void SecurityDoc_FiguresTable_MatchesTheRun()
    {
        var table = SecurityFigures.Render(_corpus.Results.Values);
        var path = Path.Combine(RepositoryRoot.Path, "docs", "security.md");
        var doc = File.ReadAllText(path);
        var updated = SecurityFigures.Replace(doc, table);
        if (Environment.GetEnvironmentVariable("PERSONALAPP_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, updated);
        }

        Assert.True(
            doc == updated,
            "docs/security.md's corpus table does not match this run. Run the security tests with PERSONALAPP_UPDATE_DOCS=1 to regenerate it, and review the diff.\n" + table);
    }
}

using Finance.Workflows.Model;

namespace Finance.Tests.Workflows.Golden;

/// <summary>
/// A running instance pins its flow's version (STYLE.md 16): a built-in flow whose definition changes under the same
/// version would change the commands those instances replay, so every change must come as a new version, with golden
/// histories of its own, while the old version's histories keep replaying.
/// </summary>
public static class GoldenGuard
{
    /// <summary>Null when <paramref name="code"/> is the definition the golden histories of its version ran; else what to do.</summary>
    public static string? Check(FlowDefinition code, IEnumerable<GoldenRun> goldens)
    {
        var ofVersion = goldens.Where(g => g.FlowId == code.Id && g.Version == code.Version).ToList();
        if (ofVersion.Count == 0)
        {
            return $"flow {code.Id} version {code.Version} has no golden history; record one with {GoldenRun.RegenerateVariable}=1";
        }

        var hash = GoldenRun.Hash(code);
        var changed = ofVersion.FirstOrDefault(g => g.DefinitionSha256 != hash);
        return changed is null
            ? null
            : $"flow {code.Id} version {code.Version} changed since its golden history ({changed.Name}); publish version {code.Version + 1}";
    }

    /// <summary>The checked-in file says which definition it ran: its hash must still match, or it was edited by hand.</summary>
    public static string? CheckIntegrity(GoldenRun golden) =>
        GoldenRun.Hash(golden.ParsedDefinition()) == golden.DefinitionSha256
            ? null
            : $"golden file {golden.Name}.json: its definition does not hash to its definitionSha256 (edited by hand?)";
}

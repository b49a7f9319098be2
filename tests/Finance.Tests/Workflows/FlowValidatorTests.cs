using Finance.Workflows.Builder;
using Finance.Workflows.Model;
using Finance.Workflows.Validation;

namespace Finance.Tests.Workflows;

public class FlowValidatorTests
{
    private static readonly HashSet<string> Flows = ["debt.collection", "ledger.post"];

    private static IReadOnlyList<FlowValidationError> Validate(FlowDefinition definition) =>
        FlowValidator.Validate(definition, FlowTestKit.Activities, Flows);

    [Fact]
    public void Validate_DunningFlow_HasNoErrors() => Assert.Empty(Validate(FlowTestKit.Dunning()));

    [Fact]
    public void Validate_UnknownActivity_ReportsNamePath()
    {
        var flow = Flow.Define("f", "F").Activity("a", "sms.send").Build();

        Assert.Equal([new FlowValidationError("steps[0].name", "Unknown activity \"sms.send\".")], Validate(flow));
    }

    [Fact]
    public void Validate_BadExpressionInNestedInput_ReportsFullPath()
    {
        var flow = Flow.Define("f", "F")
            .Activity("a", "invoice.load")
            .If("c", "true", then: t => t.Activity("b", "ledger.post", a => a.Input("amount", "1 +* 2")))
            .Build();

        var error = Assert.Single(Validate(flow));
        Assert.Equal("steps[1].then[0].input.amount", error.Path);
        Assert.StartsWith("Syntax error", error.Message);
    }

    [Fact]
    public void Validate_VarDefinedOnOnlyOneBranch_ReportsNotOnEveryPath()
    {
        var flow = Flow.Define("f", "F")
            .If("c", "true", then: t => t.Activity("load", "invoice.load", a => a.Output("invoice")))
            .Activity("send", "email.send", a => a.Input("to", "vars.invoice.email"))
            .Build();

        var error = Assert.Single(Validate(flow));
        Assert.Equal("steps[1].input.to", error.Path);
        Assert.Contains("not defined on every path", error.Message);
    }

    [Fact]
    public void Validate_VarDefinedOnBothBranchesOrBranchThatFails_IsAccepted()
    {
        var flow = Flow.Define("f", "F")
            .If("c", "true",
                then: t => t.Activity("load", "invoice.load", a => a.Output("invoice")),
                @else: e => e.Fail("stop", "'no invoice'"))
            .Wait("w", "paid", TimeSpan.FromDays(1), onTimeout: t => t.Activity("load2", "invoice.load", a => a.Output("payment")), output: "payment")
            .Activity("send", "email.send", a => a.Input("to", "vars.invoice.email").Input("paid", "vars.payment.amount"))
            .Build();

        Assert.Empty(Validate(flow));
    }

    [Fact]
    public void Validate_VarUsedBeforeDefinitionAndUndeclaredInput_ReportsBoth()
    {
        var flow = Flow.Define("f", "F").Input("email")
            .Activity("send", "email.send", a => a.Input("to", "vars.invoice.email").Input("cc", "input['manager']"))
            .Activity("load", "invoice.load", a => a.Output("invoice"))
            .Build();

        Assert.Equal(
            [
                new FlowValidationError("steps[0].input.to", "vars.invoice is not defined on every path that reaches this step."),
                new FlowValidationError("steps[0].input.cc", "input.manager is not a declared input field."),
            ],
            Validate(flow));
    }

    [Fact]
    public void Validate_WaitWithoutTimeoutPath_IsRejected()
    {
        var flow = new FlowDefinition("f", 1, "F", [new WaitStep("w", "paid", Output: "p")]);

        var error = Assert.Single(Validate(flow));
        Assert.Equal("steps[0]", error.Path);
        Assert.Contains("timeout path", error.Message);
    }

    [Fact]
    public void Validate_DuplicateStepIdsAndUnknownChildFlow_AreReported()
    {
        var flow = Flow.Define("f", "F")
            .Activity("a", "invoice.load")
            .If("c", "true", then: t => t.StartFlow("a", "nope.flow"))
            .Build();

        Assert.Equal(
            [
                new FlowValidationError("steps[1].then[0].id", "Step id \"a\" is already used by steps[0]."),
                new FlowValidationError("steps[1].then[0].flowId", "Unknown flow \"nope.flow\"."),
            ],
            Validate(flow));
    }

    [Fact]
    public void Validate_StepAfterComplete_IsUnreachable()
    {
        var flow = Flow.Define("f", "F").Complete("done").Activity("late", "email.send").Build();

        Assert.Equal("steps[1]", Assert.Single(Validate(flow)).Path);
    }
}

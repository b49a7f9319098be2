using Finance.Workflows.Invoicing;
using Finance.Workflows.Model;
using Finance.Workflows.Validation;

namespace Finance.Tests.Workflows;

public sealed class BuiltInFlowTests
{
    private static readonly HashSet<string> Activities =
        ["invoice.issue", "invoice.send", "invoice.send-reminder", "invoice.record-payment", "invoice.notify-payment", "invoice.overdue-check", "flow.signal"];

    public static TheoryData<string> BuiltIn() => [InvoiceFlows.CreateAndSendId, InvoiceFlows.DunningId, InvoiceFlows.MarkPaidId, InvoiceFlows.OverdueCheckId];

    private static FlowDefinition Definition(string id) => id switch
    {
        InvoiceFlows.CreateAndSendId => InvoiceFlows.CreateAndSend(),
        InvoiceFlows.DunningId => InvoiceFlows.Dunning(),
        InvoiceFlows.MarkPaidId => InvoiceFlows.MarkPaid(),
        _ => InvoiceFlows.OverdueCheck(),
    };

    [Theory]
    [MemberData(nameof(BuiltIn))]
    public void Validate_BuiltInFlow_HasNoErrors(string id) =>
        Assert.Empty(FlowValidator.Validate(Definition(id), Activities,
            new HashSet<string> { InvoiceFlows.CreateAndSendId, InvoiceFlows.DunningId, InvoiceFlows.MarkPaidId, InvoiceFlows.OverdueCheckId }));

    [Theory]
    [MemberData(nameof(BuiltIn))]
    public void Json_BuiltInFlow_RoundTripsToTheSameJson(string id)
    {
        var json = FlowJson.Serialize(Definition(id));

        Assert.Equal(json, FlowJson.Serialize(FlowJson.Deserialize(json)));
    }
}

using Finance.Core.Payables.Payments;

namespace Finance.Tests.Payables.Payments;

public class Pain001StructureTests
{
    public static TheoryData<string> Runs() => ["mixed", "no-bic", "scor-with-text", "none"];

    [Theory, MemberData(nameof(Runs))]
    public void Write_Run_FollowsPain001Structure(string name)
    {
        var run = name switch
        {
            "mixed" => PaymentSamples.Mixed(),
            "no-bic" => PaymentSamples.Mixed() with { Debtor = PaymentSamples.Debtor(bic: null) with { Address = null } },
            "scor-with-text" => PaymentSamples.Run(PaymentSamples.ScorPayment("E2E-1", 1m) with { UnstructuredText = "Text", InstructionId = "I" }),
            _ => PaymentSamples.Run(PaymentSamples.TextPayment("E2E-1", 1m) with { RemittanceKind = RemittanceKind.None, UnstructuredText = null }),
        };

        Assert.Empty(Pain001Structure.Errors(new Pain001Xml(run).Document));
    }
}

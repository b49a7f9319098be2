using System.IO.Compression;
using System.Text;
using Finance.Core.Banking.Statements;

namespace Finance.Tests.Banking.Statements;

/// <summary>The upload door: XML, CSV and ZIP told apart by their bytes; ZIPs held to their limits.</summary>
public class StatementFilesTests
{
    private static string Camt(string name) => Path.Combine(GenkgoOracle.Folder, name);

    private static MemoryStream Zip(params (string Name, byte[] Content)[] members)
    {
        var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in members)
            {
                using var stream = archive.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(content);
            }
        }
        buffer.Position = 0;
        return buffer;
    }

    [Fact]
    public void Read_CamtXml_SniffedAsCamt()
    {
        using var stream = File.OpenRead(Camt("camt053.v8.xml"));

        Assert.Equal("camt.053.001.08", Assert.Single(StatementFiles.Read(stream, "anything.csv")).Format);
    }

    [Fact]
    public void Read_Csv_SniffedAsCsvAndProfileDetected()
    {
        using var stream = File.OpenRead(CsvStatementTests.Sample("zkb.csv"));

        Assert.Equal("csv:ZKB", Assert.Single(StatementFiles.Read(stream, "export.xml")).Format);
    }

    [Fact]
    public void Read_ZipOfCamtAndCsv_OneFileEach()
    {
        using var zip = Zip(
            ("054/camt054.v8.xml", File.ReadAllBytes(Camt("camt054.v8.xml"))),
            ("camt052.v4.xml", File.ReadAllBytes(Camt("camt052.v4.xml"))),
            ("ubs.csv", File.ReadAllBytes(CsvStatementTests.Sample("ubs.csv"))),
            ("__MACOSX/._ubs.csv", [0, 5, 22, 7]));

        var files = StatementFiles.Read(zip, "bank.zip");

        Assert.Equal(["camt.054.001.08", "camt.052.001.04", "csv:UBS"], files.Select(f => f.Format));
    }

    [Theory]
    [InlineData("../../etc/camt.xml")]
    [InlineData("/abs/camt.xml")]
    [InlineData("C:/camt.xml")]
    public void Read_ZipMemberClimbingOut_Refused(string name)
    {
        using var zip = Zip((name, File.ReadAllBytes(Camt("camt052.v4.xml"))));

        var refused = Assert.Throws<StatementRejectedException>(() => StatementFiles.Read(zip));

        Assert.Equal(StatementRejection.UnsafeArchive, refused.Code);
    }

    [Fact]
    public void Read_ZipBomb_StopsAtTheArchiveLimit()
    {
        // 20 MB of zeros compress to about 20 kB: the headers look harmless, the content does not.
        using var zip = Zip(("bomb.xml", new byte[20 * 1024 * 1024]));
        Assert.True(zip.Length < 100_000);

        var refused = Assert.Throws<StatementRejectedException>(() =>
            StatementFiles.Read(zip, "bomb.zip", new CamtLimits { MaxArchiveBytes = 1024 * 1024 }));

        Assert.Equal(StatementRejection.TooLarge, refused.Code);
    }

    [Fact]
    public void Read_ZipWithTooManyMembers_Refused()
    {
        using var zip = Zip([.. Enumerable.Range(0, 4).Select(i => ($"f{i}.xml", File.ReadAllBytes(Camt("camt052.v4.xml"))))]);

        var refused = Assert.Throws<StatementRejectedException>(() => StatementFiles.Read(zip, null, new CamtLimits { MaxArchiveEntries = 3 }));

        Assert.Equal(StatementRejection.UnsafeArchive, refused.Code);
    }

    [Fact]
    public void Read_NestedZip_Refused()
    {
        using var inner = Zip(("a.xml", File.ReadAllBytes(Camt("camt052.v4.xml"))));
        using var outer = Zip(("inner.zip", inner.ToArray()));

        Assert.Equal(StatementRejection.UnsafeArchive, Assert.Throws<StatementRejectedException>(() => StatementFiles.Read(outer)).Code);
    }

    [Fact]
    public void Read_EmptyFile_Refused() =>
        Assert.Equal(StatementRejection.UnknownFormat,
            Assert.Throws<StatementRejectedException>(() => StatementFiles.Read(new MemoryStream(Encoding.UTF8.GetBytes("")))).Code);
}

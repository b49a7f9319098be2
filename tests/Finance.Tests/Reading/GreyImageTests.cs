using Finance.Core.Reading;

namespace Finance.Tests.Reading;

/// <summary>The QR search's image preparation, against the plain definitions it must agree with.</summary>
public class GreyImageTests
{
    [Fact]
    public void Despeckled_RandomImage_EachInnerPixelTheMedianOfItsNeighbourhood()
    {
        var random = new Random(12);
        var image = new GreyImage(37, 23, [.. Enumerable.Range(0, 37 * 23).Select(_ => (byte)random.Next(256))]);
        var despeckled = image.Despeckled();
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var expected = y == 0 || x == 0 || y == image.Height - 1 || x == image.Width - 1
                    ? image.Pixels[y * image.Width + x]
                    : (from dy in new[] { -1, 0, 1 } from dx in new[] { -1, 0, 1 } select image.Pixels[(y + dy) * image.Width + x + dx]).Order().ElementAt(4);
                Assert.Equal((x, y, expected), (x, y, despeckled.Pixels[y * image.Width + x]));
            }
        }
    }

    [Fact]
    public void Reduced_ByThree_EachPixelTheMeanOfItsBlock()
    {
        var random = new Random(7);
        var image = new GreyImage(31, 20, [.. Enumerable.Range(0, 31 * 20).Select(_ => (byte)random.Next(256))]);
        var reduced = image.Reduced(3);
        Assert.Equal((10, 6), (reduced.Width, reduced.Height));
        for (var y = 0; y < reduced.Height; y++)
        {
            for (var x = 0; x < reduced.Width; x++)
            {
                var block = from dy in Enumerable.Range(0, 3) from dx in Enumerable.Range(0, 3) select (int)image.Pixels[(3 * y + dy) * image.Width + 3 * x + dx];
                Assert.Equal((x, y, (byte)(block.Sum() / 9)), (x, y, reduced.Pixels[y * reduced.Width + x]));
            }
        }
    }
}

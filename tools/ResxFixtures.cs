using System;
using System.Collections;
using System.ComponentModel.Design;
using System.Drawing;
using System.IO;
using System.Resources;
using System.Text;

public static class ResxFixtures {
    public static int Main(string[] args) {
        if (args[0] == "write") {
            using (var writer = new ResXResourceWriter(args[1])) {
                writer.AddResource("Greeting", "Hello, {0}! You have {1:N0} new messages.");
                var node = new ResXDataNode("Save", "Save changes to \"{0}\" before closing?");
                node.Comment = "Asked when a window with unsaved changes closes";
                writer.AddResource(node);
                writer.AddResource("Markup", "Press <b>Translate</b> & wait");
                writer.AddResource("TwoLines", "The file is damaged.\nOpen it in its editor, then retry.");
                writer.AddResource("Braces", "Use {{0}} to show {0}");
                writer.AddResource("Padded", "  Name:  ");
                writer.AddResource("$this.Text", "Quire settings");
                writer.AddResource("button1.Text", "&OK");
                writer.AddResource(">>button1.Name", "button1");
                writer.AddResource(">>button1.Type", "System.Windows.Forms.Button, System.Windows.Forms");
                writer.AddResource("button1.Location", new Point(12, 34));
                writer.AddResource("button1.TabIndex", 3);
                writer.AddResource("Icon", new byte[] {1, 2, 3, 4});
                writer.AddResource("Empty", "");
            }
            return 0;
        }
        // read: every string entry, as ResXResourceReader gives it, one per line: name TAB value
        // with backslash, tab and newline escaped.
        var reader = new ResXResourceReader(args[1]);
        var output = new StringBuilder();
        foreach (DictionaryEntry entry in reader) {
            if (entry.Value is string text) {
                string shown = text.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");
                output.Append(entry.Key).Append('\t').Append(shown).Append('\n');
            }
        }
        Console.OutputEncoding = new UTF8Encoding(false);
        Console.Write(output.ToString());
        return 0;
    }
}

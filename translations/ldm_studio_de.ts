<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ldm::ui::CompareView</name>
    <message>
        <source>Before and after comparison</source>
        <translation>Vorher-nachher-Vergleich</translation>
    </message>
    <message>
        <source>Open or drop a low-resolution image</source>
        <translation>Ein Bild niedriger Auflösung öffnen oder hierher ziehen</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
</context>
<context>
    <name>ldm::ui::HistoryPanel</name>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Speichern unter…</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Prompt: %1</source>
        <translation>Prompt: %1</translation>
    </message>
    <message>
        <source>Negative prompt: %1</source>
        <translation>Negativer Prompt: %1</translation>
    </message>
    <message>
        <source>Task: %1, %2×%3, %4 steps, sampler %5%6, CFG %7, seed %8</source>
        <translation>Aufgabe: %1, %2×%3, %4 Schritte, Sampler %5%6, CFG %7, Seed %8</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <source>Time: %1 s</source>
        <translation>Dauer: %1 s</translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation>Gespeichert als %1</translation>
    </message>
    <message>
        <source>Save image</source>
        <translation>Bild speichern</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>Send to</source>
        <translation>Senden an</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Open the output folder</source>
        <translation>Den Ausgabeordner öffnen</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>Im &amp;Ordner zeigen</translation>
    </message>
    <message>
        <source>Open output f&amp;older</source>
        <translation>Ausgabe&amp;ordner öffnen</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>&amp;Send to</source>
        <translation>&amp;Senden an</translation>
    </message>
    <message>
        <source>&amp;Restore parameters</source>
        <translation>Parameter &amp;wiederherstellen</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>Speichern &amp;unter…</translation>
    </message>
    <message>
        <source>&amp;Remove from history</source>
        <translation>Aus dem Verlauf &amp;entfernen</translation>
    </message>
    <message>
        <source>&amp;Delete (move to trash)</source>
        <translation>&amp;Löschen (in den Papierkorb)</translation>
    </message>
    <message>
        <source>Cannot move %1 to the trash.</source>
        <translation>%1 kann nicht in den Papierkorb verschoben werden.</translation>
    </message>
    <message>
        <source>Moved %1 to the trash</source>
        <translation>%1 in den Papierkorb verschoben</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
</context>
<context>
    <name>ldm::ui::InpaintPanel</name>
    <message>
        <source>Mask tools</source>
        <translation>Maskenwerkzeuge</translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>Bild öffnen…</translation>
    </message>
    <message>
        <source>Load mask…</source>
        <translation>Maske laden…</translation>
    </message>
    <message>
        <source>Save mask…</source>
        <translation>Maske speichern…</translation>
    </message>
    <message>
        <source>Brush (B)</source>
        <translation>Pinsel (B)</translation>
    </message>
    <message>
        <source>Eraser (E)</source>
        <translation>Radierer (E)</translation>
    </message>
    <message>
        <source>Clear mask</source>
        <translation>Maske leeren</translation>
    </message>
    <message>
        <source>Invert mask</source>
        <translation>Maske umkehren</translation>
    </message>
    <message>
        <source>Brush size</source>
        <translation>Pinselgröße</translation>
    </message>
    <message>
        <source>Brush softness</source>
        <translation>Pinselweichheit</translation>
    </message>
    <message>
        <source>Brush si&amp;ze:</source>
        <translation>Pinsel&amp;größe:</translation>
    </message>
    <message>
        <source>So&amp;ftness:</source>
        <translation>&amp;Weichheit:</translation>
    </message>
    <message>
        <source>&amp;Prompt (text-conditioned models only):</source>
        <translation>&amp;Prompt (nur Modelle mit Textbedingung):</translation>
    </message>
    <message>
        <source>&amp;Inpaint</source>
        <translation>&amp;Inpainting</translation>
    </message>
    <message>
        <source>Repaint the masked area (Ctrl+Enter)</source>
        <translation>Maskierten Bereich neu malen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>The inpainted image appears here.</source>
        <translation>Das neu gemalte Bild erscheint hier.</translation>
    </message>
    <message>
        <source>Open an image before loading a mask.</source>
        <translation>Öffnen Sie zuerst ein Bild, bevor Sie eine Maske laden.</translation>
    </message>
    <message>
        <source>Load mask</source>
        <translation>Maske laden</translation>
    </message>
    <message>
        <source>The mask is %1×%2 but the image is %3×%4: use a mask of the image&apos;s size.</source>
        <translation>Die Maske ist %1×%2, das Bild aber %3×%4: Verwenden Sie eine Maske in der Größe des Bildes.</translation>
    </message>
    <message>
        <source>Save mask</source>
        <translation>Maske speichern</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>%1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Open or drop an image to inpaint first.</source>
        <translation>Öffnen Sie zuerst ein Bild für das Inpainting oder ziehen Sie es hierher.</translation>
    </message>
    <message>
        <source>Paint the area to repaint with the brush first (the mask is empty).</source>
        <translation>Malen Sie zuerst mit dem Pinsel den neu zu malenden Bereich (die Maske ist leer).</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Brush diameter in image pixels ([ and ] change it)</source>
        <translation>Pinseldurchmesser in Bildpixeln ([ und ] ändern ihn)</translation>
    </message>
</context>
<context>
    <name>ldm::ui::LayoutBoxModel</name>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>“%1” is not a class of this model: pick one from the list.</source>
        <translation>„%1“ ist keine Klasse dieses Modells: Wählen Sie eine aus der Liste.</translation>
    </message>
    <message>
        <source>Add box</source>
        <translation>Rahmen hinzufügen</translation>
    </message>
    <message>
        <source>Remove box</source>
        <translation>Rahmen entfernen</translation>
    </message>
    <message>
        <source>Move box</source>
        <translation>Rahmen verschieben</translation>
    </message>
    <message>
        <source>Relabel box</source>
        <translation>Rahmen umbenennen</translation>
    </message>
    <message>
        <source>Remove all boxes</source>
        <translation>Alle Rahmen entfernen</translation>
    </message>
</context>
<context>
    <name>ldm::ui::LayoutCanvas</name>
    <message>
        <source>Layout canvas</source>
        <translation>Layout-Zeichenfläche</translation>
    </message>
</context>
<context>
    <name>ldm::ui::LayoutPanel</name>
    <message>
        <source>Boxes</source>
        <translation>Rahmen</translation>
    </message>
    <message>
        <source>&amp;Remove box</source>
        <translation>Rahmen &amp;entfernen</translation>
    </message>
    <message>
        <source>Remove &amp;all</source>
        <translation>&amp;Alle entfernen</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
    <message>
        <source>Generate an image with this layout (Ctrl+Enter)</source>
        <translation>Ein Bild mit diesem Layout erzeugen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>The generated image appears here.</source>
        <translation>Das erzeugte Bild erscheint hier.</translation>
    </message>
    <message>
        <source>Draw at least one box on the layout canvas.</source>
        <translation>Zeichnen Sie mindestens einen Rahmen auf die Layout-Zeichenfläche.</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Drag on the canvas to add a box; drag a box to move it, its corners to resize it; Delete removes it, Esc or a click beside the boxes deselects.</source>
        <translation>Auf der Zeichenfläche ziehen, um einen Rahmen hinzuzufügen; einen Rahmen ziehen, um ihn zu verschieben, an seinen Ecken ziehen, um die Größe zu ändern; Entf löscht ihn, Esc oder ein Klick neben die Rahmen hebt die Auswahl auf.</translation>
    </message>
    <message>
        <source>The label of the selected box, and of the next box you draw; type to search.</source>
        <translation>Die Beschriftung des gewählten Rahmens und des nächsten, den Sie zeichnen; tippen, um zu suchen.</translation>
    </message>
    <message>
        <source>“%1” is not a class of this model: pick one from the list.</source>
        <translation>„%1“ ist keine Klasse dieses Modells: Wählen Sie eine aus der Liste.</translation>
    </message>
    <message>
        <source>&amp;Label of box %1:</source>
        <translation>&amp;Beschriftung von Rahmen %1:</translation>
    </message>
    <message>
        <source>&amp;Label of the next box:</source>
        <translation>&amp;Beschriftung des nächsten Rahmens:</translation>
    </message>
    <message>
        <source>Box %1 is labelled “%2”, which is not a class of this model: pick a label from the list.</source>
        <translation>Rahmen %1 ist mit „%2“ beschriftet, was keine Klasse dieses Modells ist: Wählen Sie eine Beschriftung aus der Liste.</translation>
    </message>
</context>
<context>
    <name>ldm::ui::MainWindow</name>
    <message>
        <source>LDM Studio</source>
        <translation>LDM Studio</translation>
    </message>
    <message>
        <source>&amp;Text to image</source>
        <translation>&amp;Text zu Bild</translation>
    </message>
    <message>
        <source>&amp;Inpaint</source>
        <translation>&amp;Inpainting</translation>
    </message>
    <message>
        <source>&amp;Layout</source>
        <translation>&amp;Layout</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>Add a model file…</source>
        <translation>Modelldatei hinzufügen…</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>fp32 (full)</source>
        <translation>fp32 (volle Genauigkeit)</translation>
    </message>
    <message>
        <source>fp16 (half)</source>
        <translation>fp16 (halbe Genauigkeit)</translation>
    </message>
    <message>
        <source>&amp;Precision:</source>
        <translation>Genauig&amp;keit:</translation>
    </message>
    <message>
        <source>&amp;Output:</source>
        <translation>&amp;Ausgabe:</translation>
    </message>
    <message>
        <source>Choose the output folder…</source>
        <translation>Ausgabeordner wählen…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the running generation (Esc)</source>
        <translation>Laufende Erzeugung anhalten (Esc)</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open image…</source>
        <translation>Bild ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Add model…</source>
        <translation>Modell &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Models folder…</source>
        <translation>&amp;Modellordner…</translation>
    </message>
    <message>
        <source>O&amp;utput folder…</source>
        <translation>A&amp;usgabeordner…</translation>
    </message>
    <message>
        <source>&amp;Save result as…</source>
        <translation>Ergebnis &amp;speichern unter…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Copy result</source>
        <translation>Ergebnis &amp;kopieren</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>Einstellu&amp;ngen</translation>
    </message>
    <message>
        <source>Save results &amp;automatically</source>
        <translation>Ergebnisse &amp;automatisch speichern</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>The language changes when LDM Studio is restarted.</source>
        <translation>Die Sprache ändert sich beim nächsten Start von LDM Studio.</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About LDM Studio</source>
        <translation>Ü&amp;ber LDM Studio</translation>
    </message>
    <message>
        <source>About LDM Studio</source>
        <translation>Über LDM Studio</translation>
    </message>
    <message>
        <source>%1 is not a model: use a .ckpt or .safetensors file or a diffusers folder.</source>
        <translation>%1 ist kein Modell: Verwenden Sie eine .ckpt- oder .safetensors-Datei oder einen Diffusers-Ordner.</translation>
    </message>
    <message>
        <source>Add model</source>
        <translation>Modell hinzufügen</translation>
    </message>
    <message>
        <source>Checkpoints (*.ckpt *.safetensors)</source>
        <translation>Checkpoints (*.ckpt *.safetensors)</translation>
    </message>
    <message>
        <source>Models folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message numerus="yes">
        <source>Queued %n image(s)</source>
        <translation>
            <numerusform>%n Bild in der Warteschlange</numerusform>
            <numerusform>%n Bilder in der Warteschlange</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Running %1… (loading the model)</source>
        <translation>%1 läuft… (Modell wird geladen)</translation>
    </message>
    <message>
        <source>Step %1/%2 · %3 it/s · ETA %4</source>
        <translation>Schritt %1/%2 · %3 it/s · noch %4</translation>
    </message>
    <message>
        <source>Done in %1 s</source>
        <translation>Fertig in %1 s</translation>
    </message>
    <message>
        <source>Generation failed: %1</source>
        <translation>Erzeugung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>S&amp;uper-resolution</source>
        <translation>&amp;Superauflösung</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>Zeitüberschreitung</translation>
    </message>
    <message>
        <source>Parameters restored from %1</source>
        <translation>Parameter aus %1 übernommen</translation>
    </message>
    <message>
        <source>From the history: %1</source>
        <translation>Aus dem Verlauf: %1</translation>
    </message>
    <message>
        <source>The model of this tab: the list holds the models that can do its task. Drop .ckpt or .safetensors files on the window to add them.</source>
        <translation>Das Modell dieses Tabs: Die Liste enthält die Modelle, die seine Aufgabe können. .ckpt- oder .safetensors-Dateien auf das Fenster ziehen, um sie hinzuzufügen.</translation>
    </message>
    <message>
        <source>Take this model off the list (the file stays where it is)</source>
        <translation>Dieses Modell von der Liste nehmen (die Datei bleibt, wo sie ist)</translation>
    </message>
    <message>
        <source>Where the model runs: the CPU or a CUDA GPU this computer has.</source>
        <translation>Wo das Modell läuft: auf der CPU oder einer CUDA-GPU dieses Computers.</translation>
    </message>
    <message>
        <source>Number format of the computation: fp16 needs a CUDA GPU.</source>
        <translation>Zahlenformat der Berechnung: fp16 braucht eine CUDA-GPU.</translation>
    </message>
    <message>
        <source>Folder for generated images; empty: %1</source>
        <translation>Ordner für erzeugte Bilder; leer: %1</translation>
    </message>
    <message>
        <source>Open output &amp;folder</source>
        <translation>Ausgabe&amp;ordner öffnen</translation>
    </message>
    <message>
        <source>&amp;Getting started</source>
        <translation>&amp;Erste Schritte</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>(not asked yet)</source>
        <translation>(noch nicht abgefragt)</translation>
    </message>
    <message>
        <source>none (this LibTorch runs on the CPU only)</source>
        <translation>keine (diese LibTorch läuft nur auf der CPU)</translation>
    </message>
    <message>
        <source>&lt;b&gt;LDM Studio&lt;/b&gt; %1&lt;br&gt;Latent diffusion models (text to image, inpainting, layout to image, super-resolution) on your own computer.&lt;br&gt;&lt;br&gt;LibTorch %2&lt;br&gt;Qt %3&lt;br&gt;CUDA: %4</source>
        <translation>&lt;b&gt;LDM Studio&lt;/b&gt; %1&lt;br&gt;Latente Diffusionsmodelle (Text zu Bild, Inpainting, Layout zu Bild, Superauflösung) auf Ihrem eigenen Computer.&lt;br&gt;&lt;br&gt;LibTorch %2&lt;br&gt;Qt %3&lt;br&gt;CUDA: %4</translation>
    </message>
    <message>
        <source>Ctrl+Enter in a prompt — Generate</source>
        <translation>Strg+Eingabe in einem Prompt — Erzeugen</translation>
    </message>
    <message>
        <source>Ctrl+Z, Ctrl+Y / Ctrl+Shift+Z — Undo, redo (mask and layout editors)</source>
        <translation>Ctrl+Z, Ctrl+Y / Ctrl+Shift+Z — Rückgängig, wiederholen (Masken- und Layout-Editor)</translation>
    </message>
    <message>
        <source>B, E — Brush, eraser (mask editor)</source>
        <translation>B, E — Pinsel, Radierer (Masken-Editor)</translation>
    </message>
    <message>
        <source>[, ] — Smaller, larger brush (mask editor)</source>
        <translation>[, ] — Kleinerer, größerer Pinsel (Masken-Editor)</translation>
    </message>
    <message>
        <source>Mouse wheel, Ctrl+0 — Zoom, fit to the view (mask editor)</source>
        <translation>Mausrad, Ctrl+0 — Zoomen, an die Ansicht anpassen (Masken-Editor)</translation>
    </message>
    <message>
        <source>Space + drag, middle button — Pan (mask editor)</source>
        <translation>Leertaste + Ziehen, mittlere Taste — Verschieben (Masken-Editor)</translation>
    </message>
    <message>
        <source>Delete — Remove the selected box (layout editor)</source>
        <translation>Entf — Den gewählten Rahmen entfernen (Layout-Editor)</translation>
    </message>
    <message>
        <source>Esc — Deselect the box (layout editor), cancel the generation</source>
        <translation>Esc — Rahmenauswahl aufheben (Layout-Editor), Erzeugung abbrechen</translation>
    </message>
    <message>
        <source>Left, Right — Move the before/after split (super-resolution)</source>
        <translation>Links, Rechts — Die Vorher-nachher-Teilung verschieben (Superauflösung)</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>Erste Schritte</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) in the models folder are not models LDM Studio can use.</source>
        <translation>
            <numerusform>%n Datei im Modellordner ist kein Modell, das LDM Studio verwenden kann.</numerusform>
            <numerusform>%n Dateien im Modellordner sind keine Modelle, die LDM Studio verwenden kann.</numerusform>
        </translation>
    </message>
    <message>
        <source>No model for this task: add one with the button on the right</source>
        <translation>Kein Modell für diese Aufgabe: Fügen Sie eines mit der Schaltfläche rechts hinzu</translation>
    </message>
    <message>
        <source>%1: settings of the model %2 (%3).</source>
        <translation>%1: Einstellungen des Modells %2 (%3).</translation>
    </message>
    <message>
        <source>%1: replaced what the model %2 cannot use: %3.</source>
        <translation>%1: ersetzt, was das Modell %2 nicht verwenden kann: %3.</translation>
    </message>
    <message>
        <source>%1 is not a model LDM Studio can use.</source>
        <translation>%1 ist kein Modell, das LDM Studio verwenden kann.</translation>
    </message>
    <message>
        <source>%1 is a %2 model, which none of the tabs can use.</source>
        <translation>%1 ist ein %2-Modell, das keiner der Tabs verwenden kann.</translation>
    </message>
    <message>
        <source>Added model %1. %2</source>
        <translation>Modell %1 hinzugefügt. %2</translation>
    </message>
    <message>
        <source>Took %1 off the model list.</source>
        <translation>%1 von der Modellliste genommen.</translation>
    </message>
    <message>
        <source> · %1 GiB</source>
        <translation> · %1 GiB</translation>
    </message>
    <message>
        <source>The device %1 of the settings is not available on this computer: using the CPU.</source>
        <translation>Das Gerät %1 aus den Einstellungen gibt es auf diesem Computer nicht: die CPU wird verwendet.</translation>
    </message>
    <message>
        <source>From %1</source>
        <translation>Aus %1</translation>
    </message>
    <message>
        <source>of the task</source>
        <translation>der Aufgabe</translation>
    </message>
    <message>
        <source>There is no CUDA GPU this program can use on this computer: choose CPU in the Device box.</source>
        <translation>Auf diesem Computer gibt es keine CUDA-GPU, die dieses Programm nutzen kann: Wählen Sie im Feld „Gerät“ die CPU.</translation>
    </message>
    <message>
        <source>The device %1 cannot compute in %2: choose fp32 in the Precision box.</source>
        <translation>Das Gerät %1 kann nicht in %2 rechnen: Wählen Sie im Feld „Genauigkeit“ fp32.</translation>
    </message>
    <message>
        <source>The model %1 cannot do what the %2 tab asks: choose another one in the Model box.</source>
        <translation>Das Modell %1 kann nicht, was der Tab „%2“ verlangt: Wählen Sie im Feld „Modell“ ein anderes.</translation>
    </message>
    <message>
        <source>There is no model for the %1 tab: add one with the button beside the Model box.</source>
        <translation>Für den Tab „%1“ gibt es kein Modell: Fügen Sie eines mit der Schaltfläche neben dem Feld „Modell“ hinzu.</translation>
    </message>
    <message>
        <source>The model %1 cannot make a picture of %2×%3 pixels: change the Size (a multiple of %4 pixels).</source>
        <translation>Das Modell %1 kann kein Bild von %2×%3 Pixeln erzeugen: Ändern Sie die Größe (ein Vielfaches von %4 Pixeln).</translation>
    </message>
    <message>
        <source>The mask does not have the size of the picture: clear it and paint it again, or load a mask of the picture&apos;s size.</source>
        <translation>Die Maske hat nicht die Größe des Bildes: Leeren Sie sie und malen Sie sie neu, oder laden Sie eine Maske in der Größe des Bildes.</translation>
    </message>
    <message>
        <source>The %1 tab lacks something the model needs (a picture, a mask, a prompt or a box): fill it in and generate again.</source>
        <translation>Dem Tab „%1“ fehlt etwas, das das Modell braucht (ein Bild, eine Maske, ein Prompt oder ein Rahmen): Ergänzen Sie es und erzeugen Sie erneut.</translation>
    </message>
    <message>
        <source>Out of memory: make the picture smaller (Size), lower the Batch count, or choose another device in the Device box.</source>
        <translation>Nicht genug Speicher: Machen Sie das Bild kleiner (Größe), verringern Sie die Anzahl oder wählen Sie im Feld „Gerät“ ein anderes Gerät.</translation>
    </message>
    <message>
        <source>A file could not be read: %1. If it is the model, choose another one in the Model box.</source>
        <translation>Eine Datei kann nicht gelesen werden: %1. Ist es das Modell, wählen Sie im Feld „Modell“ ein anderes.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Done in %1 s, saved as %2</source>
        <translation>Fertig in %1 s, gespeichert als %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Text to image&lt;/b&gt;: describe a picture, e.g. &lt;i&gt;a red circle above a small blue square&lt;/i&gt;, and press &lt;b&gt;Generate&lt;/b&gt; (Ctrl+Enter). A preview shows while it is made; the picture lands in the history on the right and in the output folder.</source>
        <translation>&lt;b&gt;Text zu Bild&lt;/b&gt;: Beschreiben Sie ein Bild, z. B. &lt;i&gt;a red circle above a small blue square&lt;/i&gt;, und drücken Sie &lt;b&gt;Erzeugen&lt;/b&gt; (Strg+Eingabe). Während es entsteht, zeigt sich eine Vorschau; das Bild landet im Verlauf rechts und im Ausgabeordner.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Inpaint&lt;/b&gt;: open or drop a picture, paint over what should change (B brush, E eraser, [ and ] size), say what should be there and press &lt;b&gt;Inpaint&lt;/b&gt;.</source>
        <translation>&lt;b&gt;Inpainting&lt;/b&gt;: Öffnen oder ziehen Sie ein Bild herein, übermalen Sie, was sich ändern soll (B Pinsel, E Radierer, [ und ] Größe), sagen Sie, was dort sein soll, und drücken Sie &lt;b&gt;Inpainting&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Layout&lt;/b&gt;: drag boxes on the canvas and label each one (e.g. &lt;i&gt;red circle&lt;/i&gt;); the label field completes the model&apos;s classes.</source>
        <translation>&lt;b&gt;Layout&lt;/b&gt;: Ziehen Sie Rahmen auf der Zeichenfläche und beschriften Sie jeden (z. B. &lt;i&gt;red circle&lt;/i&gt;); das Beschriftungsfeld ergänzt die Klassen des Modells.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Super-resolution&lt;/b&gt;: open a small picture; the output is four times its width and height.</source>
        <translation>&lt;b&gt;Superauflösung&lt;/b&gt;: Öffnen Sie ein kleines Bild; die Ausgabe ist viermal so breit und hoch.</translation>
    </message>
    <message>
        <source>LDM Studio comes with six small models of its own (64×64 pictures of coloured circles, squares, triangles, diamonds and stars), so it works without downloading anything.</source>
        <translation>LDM Studio bringt sechs kleine eigene Modelle mit (64×64-Bilder farbiger Kreise, Quadrate, Dreiecke, Rauten und Sterne), es funktioniert also ohne jeden Download.</translation>
    </message>
    <message>
        <source>The &lt;b&gt;Model&lt;/b&gt; box lists, for each tab, the models that can do its task; size, steps, sampler and guidance follow the chosen model. Add your own checkpoints (CompVis LDM, Stable Diffusion 1.x/2.x, .ckpt or .safetensors) with the button beside it or by dropping them on the window.</source>
        <translation>Das Feld &lt;b&gt;Modell&lt;/b&gt; listet für jeden Tab die Modelle, die seine Aufgabe können; Größe, Schritte, Sampler und Guidance folgen dem gewählten Modell. Eigene Checkpoints (CompVis LDM, Stable Diffusion 1.x/2.x, .ckpt oder .safetensors) fügen Sie mit der Schaltfläche daneben oder durch Ziehen auf das Fenster hinzu.</translation>
    </message>
    <message>
        <source>Click a picture in the history to see it, double-click it to get its settings back; its context menu opens, copies, sends or deletes it. Dropping a PNG made by LDM Studio restores its settings too.</source>
        <translation>Ein Klick auf ein Bild im Verlauf zeigt es, ein Doppelklick holt seine Einstellungen zurück; sein Kontextmenü öffnet, kopiert, sendet oder löscht es. Auch ein hereingezogenes PNG von LDM Studio stellt seine Einstellungen wieder her.</translation>
    </message>
    <message>
        <source>More: the README and the docs folder of LDM Studio, and &lt;i&gt;ldm --help&lt;/i&gt; for the command line.</source>
        <translation>Mehr: die README und der Ordner docs von LDM Studio sowie &lt;i&gt;ldm --help&lt;/i&gt; für die Kommandozeile.</translation>
    </message>
</context>
<context>
    <name>ldm::ui::MaskCanvas</name>
    <message>
        <source>Inpainting canvas</source>
        <translation>Inpainting-Zeichenfläche</translation>
    </message>
    <message>
        <source>Load mask</source>
        <translation>Maske laden</translation>
    </message>
    <message>
        <source>Clear mask</source>
        <translation>Maske leeren</translation>
    </message>
    <message>
        <source>Invert mask</source>
        <translation>Maske umkehren</translation>
    </message>
    <message>
        <source>Brush stroke</source>
        <translation>Pinselstrich</translation>
    </message>
    <message>
        <source>Eraser stroke</source>
        <translation>Radiererstrich</translation>
    </message>
    <message>
        <source>Open or drop an image to paint a mask</source>
        <translation>Ein Bild öffnen oder hierher ziehen, um eine Maske zu malen</translation>
    </message>
</context>
<context>
    <name>ldm::ui::ModelCatalog</name>
    <message>
        <source>%1 — not a usable model</source>
        <translation>%1 — kein verwendbares Modell</translation>
    </message>
    <message>
        <source>bundled</source>
        <translation>mitgeliefert</translation>
    </message>
</context>
<context>
    <name>ldm::ui::ResultIo</name>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.webp)</source>
        <translation>Bilder (*.png *.jpg *.jpeg *.bmp *.webp)</translation>
    </message>
    <message>
        <source>Cannot create %1: %2</source>
        <translation>%1 kann nicht angelegt werden: %2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>ldm::ui::SamplerOptions</name>
    <message>
        <source>&amp;Steps:</source>
        <translation>&amp;Schritte:</translation>
    </message>
    <message>
        <source>Euler ancestral</source>
        <translation>Euler ancestral</translation>
    </message>
    <message>
        <source>&amp;Karras sigmas</source>
        <translation>&amp;Karras-Sigmas</translation>
    </message>
    <message>
        <source>Use the Karras et al. noise schedule (k-diffusion samplers only).</source>
        <translation>Den Rauschplan nach Karras et al. verwenden (nur k-diffusion-Sampler).</translation>
    </message>
    <message>
        <source>Sa&amp;mpler:</source>
        <translation>Sa&amp;mpler:</translation>
    </message>
    <message>
        <source>DDIM eta: 0 is deterministic, 1 adds as much noise as DDPM.</source>
        <translation>DDIM-Eta: 0 ist deterministisch, 1 fügt so viel Rauschen hinzu wie DDPM.</translation>
    </message>
    <message>
        <source>&amp;Eta:</source>
        <translation>&amp;Eta:</translation>
    </message>
    <message>
        <source>Classifier-free guidance: how strongly the image follows the prompt.</source>
        <translation>Classifier-free Guidance: wie stark das Bild dem Prompt folgt.</translation>
    </message>
    <message>
        <source>&amp;CFG scale:</source>
        <translation>&amp;CFG-Skala:</translation>
    </message>
    <message>
        <source>&amp;Random</source>
        <translation>&amp;Zufällig</translation>
    </message>
    <message>
        <source>Reuse last</source>
        <translation>Letzten verwenden</translation>
    </message>
    <message>
        <source>Use the seed of the last generated image.</source>
        <translation>Den Seed des zuletzt erzeugten Bildes verwenden.</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>S&amp;eed:</translation>
    </message>
    <message>
        <source>Number of images, generated one after another with consecutive seeds.</source>
        <translation>Anzahl der Bilder, nacheinander mit aufeinanderfolgenden Seeds erzeugt.</translation>
    </message>
    <message>
        <source>&amp;Batch count:</source>
        <translation>&amp;Anzahl:</translation>
    </message>
    <message>
        <source>Use the seed of the last generated image (%1).</source>
        <translation>Den Seed des zuletzt erzeugten Bildes verwenden (%1).</translation>
    </message>
    <message numerus="yes">
        <source>%n step(s), %1</source>
        <translation>
            <numerusform>%n Schritt, %1</numerusform>
            <numerusform>%n Schritte, %1</numerusform>
        </translation>
    </message>
    <message>
        <source> (Karras)</source>
        <translation> (Karras)</translation>
    </message>
    <message>
        <source>, CFG %1</source>
        <translation>, CFG %1</translation>
    </message>
</context>
<context>
    <name>ldm::ui::SizeSpinBox</name>
    <message>
        <source>A multiple of %1 pixels (what the model&apos;s autoencoder and UNet divide it by).</source>
        <translation>Ein Vielfaches von %1 Pixeln (wodurch Autoencoder und UNet des Modells teilen).</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>Breite</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>Höhe</translation>
    </message>
    <message>
        <source>Si&amp;ze:</source>
        <translation>&amp;Größe:</translation>
    </message>
    <message>
        <source>size %1×%2 → %3×%4 (a multiple of %5)</source>
        <translation>Größe %1×%2 → %3×%4 (ein Vielfaches von %5)</translation>
    </message>
</context>
<context>
    <name>ldm::ui::TaskPanel</name>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Preview · step %1 of %2</source>
        <translation>Vorschau · Schritt %1 von %2</translation>
    </message>
    <message>
        <source>Cancelled at step %1 of %2: not a result</source>
        <translation>Bei Schritt %1 von %2 abgebrochen: kein Ergebnis</translation>
    </message>
    <message>
        <source>Open image</source>
        <translation>Bild öffnen</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Cancelled at step %1 of %2, before its first preview: the picture is the one before</source>
        <translation>Bei Schritt %1 von %2 abgebrochen, vor der ersten Vorschau: das Bild ist das vorherige</translation>
    </message>
    <message>
        <source>Cancelled while the model loaded: the picture is the one before</source>
        <translation>Beim Laden des Modells abgebrochen: das Bild ist das vorherige</translation>
    </message>
</context>
<context>
    <name>ldm::ui::Txt2ImgPanel</name>
    <message>
        <source>&amp;Prompt:</source>
        <translation>&amp;Prompt:</translation>
    </message>
    <message>
        <source>Describe the image (Ctrl+Enter generates)</source>
        <translation>Beschreiben Sie das Bild (Strg+Eingabe erzeugt es)</translation>
    </message>
    <message>
        <source>&amp;Negative prompt:</source>
        <translation>&amp;Negativer Prompt:</translation>
    </message>
    <message>
        <source>What the image should not contain</source>
        <translation>Was das Bild nicht enthalten soll</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
    <message>
        <source>Generate (Ctrl+Enter)</source>
        <translation>Erzeugen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>The preview appears here while the image is generated.</source>
        <translation>Während das Bild erzeugt wird, erscheint hier die Vorschau.</translation>
    </message>
    <message>
        <source>Enter a prompt first.</source>
        <translation>Geben Sie zuerst einen Prompt ein.</translation>
    </message>
    <message>
        <source>Width and height must be multiples of %1 pixels.</source>
        <translation>Breite und Höhe müssen Vielfache von %1 Pixeln sein.</translation>
    </message>
</context>
<context>
    <name>ldm::ui::UpscalePanel</name>
    <message>
        <source>&amp;Open image…</source>
        <translation>Bild ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>Tile size in output pixels for large images; overlapping tiles are blended.</source>
        <translation>Kachelgröße in Ausgabepixeln für große Bilder; überlappende Kacheln werden überblendet.</translation>
    </message>
    <message>
        <source>&amp;Tile size:</source>
        <translation>&amp;Kachelgröße:</translation>
    </message>
    <message>
        <source>&amp;Upscale</source>
        <translation>&amp;Hochskalieren</translation>
    </message>
    <message>
        <source>Run super-resolution (Ctrl+Enter)</source>
        <translation>Superauflösung ausführen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>&amp;Save result</source>
        <translation>Ergebnis &amp;speichern</translation>
    </message>
    <message>
        <source>Before/after split</source>
        <translation>Vorher/Nachher-Teilung</translation>
    </message>
    <message>
        <source>S&amp;plit:</source>
        <translation>&amp;Teilung:</translation>
    </message>
    <message>
        <source>Open or drop a low-resolution image first.</source>
        <translation>Öffnen Sie zuerst ein Bild niedriger Auflösung oder ziehen Sie es hierher.</translation>
    </message>
    <message>
        <source>&amp;Match the input&apos;s colours</source>
        <translation>Farben der Eingabe &amp;beibehalten</translation>
    </message>
    <message>
        <source>Correct the result so that, scaled back down, it reproduces the input: keeps the input&apos;s colours and tones, adds only detail.</source>
        <translation>Korrigiert das Ergebnis so, dass es verkleinert wieder die Eingabe ergibt: Farben und Töne der Eingabe bleiben, nur Details kommen hinzu.</translation>
    </message>
    <message>
        <source>Start from the &amp;input</source>
        <translation>Von der E&amp;ingabe ausgehen</translation>
    </message>
    <message>
        <source>Begin sampling from the input, upscaled and noised as in training, instead of from pure noise: the model keeps the input&apos;s colours.</source>
        <translation>Beginnt die Abtastung bei der hochskalierten und wie im Training verrauschten Eingabe statt bei reinem Rauschen: das Modell behält die Farben der Eingabe.</translation>
    </message>
    <message>
        <source>How much of the sampling runs from the input: lower keeps more of the input, 1 starts from the beginning of the schedule. Also the fraction of the steps that run.</source>
        <translation>Wie viel der Abtastung von der Eingabe aus läuft: niedriger behält mehr von der Eingabe, 1 beginnt am Anfang des Rauschplans. Zugleich der Anteil der Schritte, die laufen.</translation>
    </message>
    <message>
        <source>&amp;Denoising strength:</source>
        <translation>&amp;Entrauschungsstärke:</translation>
    </message>
    <message>
        <source>Open or drop an image: the output is %1 times its width and height.</source>
        <translation>Ein Bild öffnen oder hierher ziehen: Die Ausgabe ist %1-mal so breit und hoch.</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
    <message>
        <source>Input %1×%2 px → output %3×%4 px (×%5)</source>
        <translation>Eingabe %1×%2 px → Ausgabe %3×%4 px (×%5)</translation>
    </message>
    <message>
        <source>Before · %1×%2</source>
        <translation>Vorher · %1×%2</translation>
    </message>
    <message>
        <source>After · %1×%2</source>
        <translation>Nachher · %1×%2</translation>
    </message>
</context>
</TS>

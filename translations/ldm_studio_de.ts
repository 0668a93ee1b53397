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
        <source>To inpainting</source>
        <translation>Zum Inpainting</translation>
    </message>
    <message>
        <source>To super-resolution</source>
        <translation>Zur Superauflösung</translation>
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
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
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
        <source>Open image</source>
        <translation>Bild öffnen</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
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
        <source>Cannot open %1.</source>
        <translation>%1 kann nicht geöffnet werden.</translation>
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
        <source>Step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
    </message>
</context>
<context>
    <name>ldm::ui::LayoutBoxModel</name>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Cannot open the class list %1.</source>
        <translation>Die Klassenliste %1 kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>The class list %1 is not valid JSON with a &quot;classes&quot; array.</source>
        <translation>Die Klassenliste %1 ist kein gültiges JSON mit einem &quot;classes&quot;-Array.</translation>
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
        <source>Class of the selected box; type to search.</source>
        <translation>Klasse des ausgewählten Rahmens; zum Suchen tippen.</translation>
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
        <source>Si&amp;ze:</source>
        <translation>&amp;Größe:</translation>
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
        <source>Drag on the canvas to add a box; drag a box to move it, its corners to resize it; Delete removes it.</source>
        <translation>Auf der Zeichenfläche ziehen, um einen Rahmen hinzuzufügen; einen Rahmen ziehen, um ihn zu verschieben, an seinen Ecken ziehen, um die Größe zu ändern; Entf löscht ihn.</translation>
    </message>
    <message>
        <source>&amp;Label:</source>
        <translation>&amp;Bezeichnung:</translation>
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
        <source>Box %1 has no valid label: pick one from the class list.</source>
        <translation>Rahmen %1 hat keine gültige Bezeichnung: Wählen Sie eine aus der Klassenliste.</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
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
        <source>Checkpoint to use; drop .ckpt or .safetensors files on the window to add them.</source>
        <translation>Zu verwendender Checkpoint; .ckpt- oder .safetensors-Dateien auf das Fenster ziehen, um sie hinzuzufügen.</translation>
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
        <source>CUDA GPU</source>
        <translation>CUDA-GPU</translation>
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
        <source>bf16</source>
        <translation>bf16</translation>
    </message>
    <message>
        <source>&amp;Precision:</source>
        <translation>Genauig&amp;keit:</translation>
    </message>
    <message>
        <source>Folder for generated images</source>
        <translation>Ordner für erzeugte Bilder</translation>
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
        <source>&lt;b&gt;LDM Studio&lt;/b&gt; %1&lt;br&gt;Latent diffusion models (text to image, inpainting, layout to image, super-resolution) on your own computer.</source>
        <translation>&lt;b&gt;LDM Studio&lt;/b&gt; %1&lt;br&gt;Latente Diffusionsmodelle (Text zu Bild, Inpainting, Layout zu Bild, Superauflösung) auf Ihrem eigenen Computer.</translation>
    </message>
    <message>
        <source>bundled</source>
        <translation>mitgeliefert</translation>
    </message>
    <message>
        <source>Default model for the task</source>
        <translation>Standardmodell der Aufgabe</translation>
    </message>
    <message>
        <source>%1 is not a model: use a .ckpt or .safetensors file or a diffusers folder.</source>
        <translation>%1 ist kein Modell: Verwenden Sie eine .ckpt- oder .safetensors-Datei oder einen Diffusers-Ordner.</translation>
    </message>
    <message>
        <source>Added model %1</source>
        <translation>Modell %1 hinzugefügt</translation>
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
    <message>
        <source>Open image</source>
        <translation>Bild öffnen</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
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
</context>
<context>
    <name>ldm::ui::SizeSpinBox</name>
    <message>
        <source>A multiple of 8 pixels (the autoencoder downsamples by 8).</source>
        <translation>Ein Vielfaches von 8 Pixeln (der Autoencoder verkleinert um den Faktor 8).</translation>
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
        <source>Si&amp;ze:</source>
        <translation>&amp;Größe:</translation>
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
        <source>Width and height must be multiples of 8 pixels.</source>
        <translation>Breite und Höhe müssen Vielfache von 8 Pixeln sein.</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
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
        <source>Open image</source>
        <translation>Bild öffnen</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
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
</context>
</TS>

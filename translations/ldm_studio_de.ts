<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ldm::ui::BrushSizeRow</name>
    <message>
        <source>Brush size</source>
        <translation>Pinselgröße</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Brush diameter in pixels of the picture ([ and ] change it)</source>
        <translation>Pinseldurchmesser in Pixeln des Bildes ([ und ] ändern ihn)</translation>
    </message>
    <message>
        <source>Brush si&amp;ze:</source>
        <translation>Pinsel&amp;größe:</translation>
    </message>
</context>
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
    <name>ldm::ui::Img2ImgPanel</name>
    <message>
        <source>&amp;Open image…</source>
        <translation>Bild ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open the picture to start from (or drop it on the window, or paste it with Ctrl+V)</source>
        <translation>Das Ausgangsbild öffnen (oder auf das Fenster ziehen oder mit Strg+V einfügen)</translation>
    </message>
    <message>
        <source>Paste image</source>
        <translation>Bild einfügen</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Einfügen</translation>
    </message>
    <message>
        <source>Use the picture on the clipboard (Ctrl+V)</source>
        <translation>Das Bild aus der Zwischenablage verwenden (Strg+V)</translation>
    </message>
    <message>
        <source>P&amp;rompt:</source>
        <translation>P&amp;rompt:</translation>
    </message>
    <message>
        <source>What the picture should become (Ctrl+Enter generates)</source>
        <translation>Was aus dem Bild werden soll (Strg+Eingabe erzeugt)</translation>
    </message>
    <message>
        <source>&amp;Negative prompt:</source>
        <translation>&amp;Negativer Prompt:</translation>
    </message>
    <message>
        <source>Denoising strength</source>
        <translation>Entrauschungsstärke</translation>
    </message>
    <message>
        <source>How much of the picture is redrawn: low keeps the init image, 1 ignores it. Also the share of the steps that run.</source>
        <translation>Wie viel des Bildes neu gezeichnet wird: niedrig behält das Ausgangsbild, 1 ignoriert es. Zugleich der Anteil der Schritte, die laufen.</translation>
    </message>
    <message>
        <source>S&amp;trength:</source>
        <translation>&amp;Stärke:</translation>
    </message>
    <message>
        <source>Generate (Ctrl+Enter)</source>
        <translation>Erzeugen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Init image</source>
        <translation>Ausgangsbild</translation>
    </message>
    <message>
        <source>The picture appears here while it is made.</source>
        <translation>Das Bild erscheint hier, während es entsteht.</translation>
    </message>
    <message>
        <source>Init image %1×%2 px; the picture is made at the Size below.</source>
        <translation>Ausgangsbild %1×%2 px; das Bild entsteht in der Größe unten.</translation>
    </message>
    <message>
        <source>The reopened picture was made from an init image that its file does not hold: open, drop or paste that image again.</source>
        <translation>Das wieder geöffnete Bild entstand aus einem Ausgangsbild, das seine Datei nicht enthält: dieses Bild erneut öffnen, hineinziehen oder einfügen.</translation>
    </message>
    <message>
        <source>Open, drop or paste (Ctrl+V) the picture to start from.</source>
        <translation>Das Ausgangsbild öffnen, hineinziehen oder einfügen (Strg+V).</translation>
    </message>
    <message>
        <source>Init image · %1×%2</source>
        <translation>Ausgangsbild · %1×%2</translation>
    </message>
    <message>
        <source>The clipboard holds no picture: copy one, or open the init image with Open image.</source>
        <translation>Die Zwischenablage enthält kein Bild: eines kopieren oder das Ausgangsbild mit „Bild öffnen“ öffnen.</translation>
    </message>
    <message>
        <source>Open, drop or paste the init image again: the reopened picture does not hold it.</source>
        <translation>Das Ausgangsbild erneut öffnen, hineinziehen oder einfügen: das wieder geöffnete Bild enthält es nicht.</translation>
    </message>
    <message>
        <source>Open, drop or paste an init image first.</source>
        <translation>Zuerst ein Ausgangsbild öffnen, hineinziehen oder einfügen.</translation>
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
        <source>Brush softness</source>
        <translation>Pinselweichheit</translation>
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
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>E&amp;xtend canvas (outpainting)</source>
        <translation>Leinwand &amp;erweitern (Outpainting)</translation>
    </message>
    <message>
        <source>Grow the picture by these many pixels on each side; the new area is painted by the model. With a margin, a painted mask is optional.</source>
        <translation>Das Bild auf jeder Seite um so viele Pixel vergrößern; den neuen Bereich malt das Modell. Mit einem Rand ist eine gemalte Maske optional.</translation>
    </message>
    <message>
        <source>Extend left</source>
        <translation>Nach links erweitern</translation>
    </message>
    <message>
        <source>Extend top</source>
        <translation>Nach oben erweitern</translation>
    </message>
    <message>
        <source>Extend right</source>
        <translation>Nach rechts erweitern</translation>
    </message>
    <message>
        <source>Extend bottom</source>
        <translation>Nach unten erweitern</translation>
    </message>
    <message>
        <source>%1 (pixels; the arrows add the model&apos;s size multiple)</source>
        <translation>%1 (Pixel; die Pfeile addieren das Größenvielfache des Modells)</translation>
    </message>
    <message>
        <source>No margins</source>
        <translation>Keine Ränder</translation>
    </message>
    <message>
        <source>Set every margin to 0 (inpaint inside the picture only)</source>
        <translation>Alle Ränder auf 0 setzen (nur innerhalb des Bildes neu malen)</translation>
    </message>
    <message>
        <source>No margins: the picture keeps its size.</source>
        <translation>Keine Ränder: das Bild behält seine Größe.</translation>
    </message>
    <message>
        <source>Open a picture to extend.</source>
        <translation>Ein Bild zum Erweitern öffnen.</translation>
    </message>
    <message>
        <source>Result: %1 × %2</source>
        <translation>Ergebnis: %1 × %2</translation>
    </message>
    <message>
        <source>(margins %1, %2, %3, %4: rounded to multiples of %5)</source>
        <translation>(Ränder %1, %2, %3, %4: auf Vielfache von %5 gerundet)</translation>
    </message>
    <message>
        <source>Paint the area to repaint with the brush first (the mask is empty), or extend the canvas.</source>
        <translation>Zuerst den neu zu malenden Bereich mit dem Pinsel malen (die Maske ist leer) oder die Leinwand erweitern.</translation>
    </message>
</context>
<context>
    <name>ldm::ui::LabelCanvas</name>
    <message>
        <source>Label map</source>
        <translation>Labelkarte</translation>
    </message>
    <message>
        <source>Replace the label map</source>
        <translation>Labelkarte ersetzen</translation>
    </message>
    <message>
        <source>Resize the label map</source>
        <translation>Größe der Labelkarte ändern</translation>
    </message>
    <message>
        <source>Paint</source>
        <translation>Malen</translation>
    </message>
    <message>
        <source>Fill a rectangle</source>
        <translation>Rechteck füllen</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>Füllen</translation>
    </message>
    <message>
        <source>Paint the labels: left button paints (or fills), right button picks the label under the cursor. Wheel: zoom; middle button or Space + drag: pan; Ctrl+0: fit.</source>
        <translation>Labels malen: linke Taste malt (oder füllt), rechte Taste nimmt das Label unter dem Zeiger auf. Mausrad: Zoom; mittlere Taste oder Leertaste + Ziehen: verschieben; Strg+0: einpassen.</translation>
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
    <name>ldm::ui::LoraVaeOptions</name>
    <message>
        <source>Weights (*.safetensors *.ckpt *.pt)</source>
        <translation>Gewichte (*.safetensors *.ckpt *.pt)</translation>
    </message>
    <message>
        <source>LoRA and VAE</source>
        <translation>LoRA und VAE</translation>
    </message>
    <message>
        <source>Add &amp;LoRA…</source>
        <translation>&amp;LoRA hinzufügen…</translation>
    </message>
    <message>
        <source>Add a LoRA file (kohya-ss or diffusers/PEFT, .safetensors, .ckpt or .pt) merged into the model for this tab&apos;s pictures. Prompts may also name LoRAs: &lt;lora:name:weight&gt;.</source>
        <translation>Eine LoRA-Datei (kohya-ss oder diffusers/PEFT, .safetensors, .ckpt oder .pt) hinzufügen, die für die Bilder dieses Tabs in das Modell eingerechnet wird. Auch Prompts können LoRAs nennen: &lt;lora:name:weight&gt;.</translation>
    </message>
    <message>
        <source>Model&apos;s own</source>
        <translation>Eigenes des Modells</translation>
    </message>
    <message>
        <source>The VAE (first stage) that turns latents into pictures: the model&apos;s own, or a VAE checkpoint with CompVis names (e.g. a fine-tuned SD decoder).</source>
        <translation>Der VAE (erste Stufe), der Latents in Bilder verwandelt: der des Modells oder ein VAE-Checkpoint mit CompVis-Namen (z. B. ein feinabgestimmter SD-Decoder).</translation>
    </message>
    <message>
        <source>Choose a VAE file…</source>
        <translation>VAE-Datei wählen…</translation>
    </message>
    <message>
        <source>&amp;VAE:</source>
        <translation>&amp;VAE:</translation>
    </message>
    <message>
        <source>LoRAs and VAEs apply to Stable Diffusion models; %1 is a %2 model. The list is kept for when a Stable Diffusion model is chosen.</source>
        <translation>LoRAs und VAEs gelten für Stable-Diffusion-Modelle; %1 ist ein %2-Modell. Die Liste bleibt erhalten, bis ein Stable-Diffusion-Modell gewählt wird.</translation>
    </message>
    <message>
        <source>Strength of %1</source>
        <translation>Stärke von %1</translation>
    </message>
    <message>
        <source>Remove this LoRA</source>
        <translation>Diese LoRA entfernen</translation>
    </message>
    <message>
        <source>Text encoder strength; the UNet&apos;s is %1 (as the picture recorded it).</source>
        <translation>Stärke für den Textencoder; die des UNet ist %1 (wie das Bild es festhielt).</translation>
    </message>
    <message>
        <source>How strongly the LoRA changes the model (1 = as trained, 0 = not at all).</source>
        <translation>Wie stark die LoRA das Modell verändert (1 = wie trainiert, 0 = gar nicht).</translation>
    </message>
    <message>
        <source>No LoRA: the model as it is.</source>
        <translation>Keine LoRA: das Modell, wie es ist.</translation>
    </message>
    <message>
        <source>For Stable Diffusion models only.</source>
        <translation>Nur für Stable-Diffusion-Modelle.</translation>
    </message>
    <message>
        <source>Add LoRA</source>
        <translation>LoRA hinzufügen</translation>
    </message>
    <message>
        <source>Choose a VAE</source>
        <translation>VAE wählen</translation>
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
        <source>B, E — Brush, eraser (mask editor)</source>
        <translation>B, E — Pinsel, Radierer (Masken-Editor)</translation>
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
        <source>The computation overflowed (NaN or infinite values in %1): choose fp32 or bf16 in the Precision box; if it happens in fp32, choose another VAE.</source>
        <translation>Die Berechnung ist übergelaufen (NaN- oder unendliche Werte in %1): wählen Sie fp32 oder bf16 im Feld „Genauigkeit“; tritt es auch mit fp32 auf, wählen Sie ein anderes VAE.</translation>
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
    <message>
        <source>P&amp;aint a scene</source>
        <translation>Szene m&amp;alen</translation>
    </message>
    <message>
        <source>Image to image</source>
        <translation>Bild zu Bild</translation>
    </message>
    <message>
        <source>B, F, right button — Brush, fill, pick the label under the cursor (scene painter)</source>
        <translation>B, F, rechte Taste — Pinsel, Füllen, Label unter dem Zeiger aufnehmen (Szenenmaler)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Paint a scene&lt;/b&gt;: paint regions with the labels of the model (brush B, fill F) and press &lt;b&gt;Generate&lt;/b&gt;: the model draws a picture that follows the map. Label maps can be imported and exported as 8-bit PNGs.</source>
        <translation>&lt;b&gt;Szene malen&lt;/b&gt;: Bereiche mit den Labels des Modells malen (Pinsel B, Füllen F) und &lt;b&gt;Erzeugen&lt;/b&gt; drücken: das Modell zeichnet ein Bild, das der Karte folgt. Labelkarten lassen sich als 8-Bit-PNGs importieren und exportieren.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Image to image&lt;/b&gt;: open, drop or paste a picture (or send one from the history), say what it should become and press &lt;b&gt;Generate&lt;/b&gt;; the &lt;b&gt;Strength&lt;/b&gt; sets how much of it is redrawn.</source>
        <translation>&lt;b&gt;Bild zu Bild&lt;/b&gt;: ein Bild öffnen, hineinziehen oder einfügen (oder aus dem Verlauf senden), sagen, was daraus werden soll, und &lt;b&gt;Erzeugen&lt;/b&gt; drücken; die &lt;b&gt;Stärke&lt;/b&gt; bestimmt, wie viel davon neu gezeichnet wird.</translation>
    </message>
    <message>
        <source>&lt;b&gt;LoRA and VAE&lt;/b&gt; (Stable Diffusion models): add LoRA files with a strength each, or choose another VAE, in the text to image, image to image and inpainting tabs.</source>
        <translation>&lt;b&gt;LoRA und VAE&lt;/b&gt; (Stable-Diffusion-Modelle): in den Tabs Text zu Bild, Bild zu Bild und Inpainting LoRA-Dateien mit je einer Stärke hinzufügen oder einen anderen VAE wählen.</translation>
    </message>
    <message>
        <source>no model</source>
        <translation>kein Modell</translation>
    </message>
    <message>
        <source>&lt;b&gt;Text to image&lt;/b&gt;: describe a picture, e.g. &lt;i&gt;a red circle and a blue square&lt;/i&gt;, and press &lt;b&gt;Generate&lt;/b&gt; (Ctrl+Enter). A preview shows while it is made; the picture lands in the history on the right and in the output folder.</source>
        <translation>&lt;b&gt;Text zu Bild&lt;/b&gt;: Beschreiben Sie ein Bild, z. B. &lt;i&gt;a red circle and a blue square&lt;/i&gt;, und drücken Sie &lt;b&gt;Erzeugen&lt;/b&gt; (Strg+Eingabe). Während es entsteht, zeigt sich eine Vorschau; das Bild landet im Verlauf rechts und im Ausgabeordner.</translation>
    </message>
    <message>
        <source>&amp;Memory use</source>
        <translation>Speicher&amp;nutzung</translation>
    </message>
    <message>
        <source>&amp;Automatic</source>
        <translation>&amp;Automatisch</translation>
    </message>
    <message>
        <source>Low memory where the model would take more than 40% of the free memory, else keep it loaded</source>
        <translation>Wenig Speicher, wenn das Modell mehr als 40 % des freien Speichers belegen würde, sonst geladen halten</translation>
    </message>
    <message>
        <source>&amp;Keep the model loaded</source>
        <translation>Modell geladen &amp;halten</translation>
    </message>
    <message>
        <source>Quickest for one picture after another; needs memory for every part</source>
        <translation>Am schnellsten für ein Bild nach dem anderen; braucht Speicher für alle Teile</translation>
    </message>
    <message>
        <source>&amp;Low memory</source>
        <translation>&amp;Wenig Speicher</translation>
    </message>
    <message>
        <source>The model&apos;s parts take turns in memory: about a third less at the cost of reloading each part for every picture (Stable Diffusion 1.5, 512×512: 3.9 GiB instead of 5.5)</source>
        <translation>Die Teile des Modells wechseln sich im Speicher ab: etwa ein Drittel weniger, dafür wird jeder Teil für jedes Bild neu geladen (Stable Diffusion 1.5, 512×512: 3,9 GiB statt 5,5)</translation>
    </message>
    <message>
        <source>Out of memory: make the picture smaller (Size), lower the Batch count, choose Settings ▸ Memory use ▸ Low memory, or choose another device in the Device box.</source>
        <translation>Nicht genug Speicher: Machen Sie das Bild kleiner (Größe), verringern Sie die Anzahl, wählen Sie Einstellungen ▸ Speichernutzung ▸ Wenig Speicher oder im Feld „Gerät“ ein anderes Gerät.</translation>
    </message>
    <message>
        <source> (low memory: the model&apos;s parts took turns)</source>
        <translation> (wenig Speicher: die Teile des Modells wechselten sich ab)</translation>
    </message>
    <message>
        <source>Parameters restored from %1; its model %2 is not here: the tab keeps its own</source>
        <translation>Parameter aus %1 übernommen; sein Modell %2 ist hier nicht vorhanden: der Tab behält sein eigenes</translation>
    </message>
    <message>
        <source>Ctrl+Z, Ctrl+Y / Ctrl+Shift+Z — Undo, redo (mask and layout editors, scene painter)</source>
        <translation>Ctrl+Z, Ctrl+Y / Ctrl+Shift+Z — Rückgängig, wiederholen (Masken- und Layout-Editor, Szenenmaler)</translation>
    </message>
    <message>
        <source>[, ] — Smaller, larger brush (mask editor, scene painter)</source>
        <translation>[, ] — Kleinerer, größerer Pinsel (Masken-Editor, Szenenmaler)</translation>
    </message>
    <message>
        <source>Mouse wheel, Ctrl+0 — Zoom, fit to the view (mask editor, scene painter)</source>
        <translation>Mausrad, Ctrl+0 — Zoomen, an die Ansicht anpassen (Masken-Editor, Szenenmaler)</translation>
    </message>
    <message>
        <source>Space + drag, middle button — Pan (mask editor, scene painter)</source>
        <translation>Leertaste + Ziehen, mittlere Taste — Verschieben (Masken-Editor, Szenenmaler)</translation>
    </message>
    <message>
        <source> (about %1 GB needed, %2 GB free)</source>
        <translation> (etwa %1 GB nötig, %2 GB frei)</translation>
    </message>
    <message>
        <source>Not enough memory for this request%1, whatever the memory use setting: make the picture smaller (Size), lower the Batch count, or choose another device in the Device box.</source>
        <translation>Nicht genug Speicher für diesen Auftrag%1, gleich bei welcher Speichernutzung: Machen Sie das Bild kleiner (Größe), verringern Sie die Anzahl oder wählen Sie im Feld „Gerät“ ein anderes Gerät.</translation>
    </message>
    <message>
        <source>Not enough memory for this request%1, whatever the memory use setting: make the picture smaller (Size) or lower the Batch count.</source>
        <translation>Nicht genug Speicher für diesen Auftrag%1, gleich bei welcher Speichernutzung: Machen Sie das Bild kleiner (Größe) oder verringern Sie die Anzahl.</translation>
    </message>
    <message>
        <source>Out of memory: make the picture smaller (Size), lower the Batch count, or choose Settings ▸ Memory use ▸ Low memory.</source>
        <translation>Nicht genug Speicher: Machen Sie das Bild kleiner (Größe), verringern Sie die Anzahl oder wählen Sie Einstellungen ▸ Speichernutzung ▸ Wenig Speicher.</translation>
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
    <name>ldm::ui::SemanticPanel</name>
    <message>
        <source>Scene tools</source>
        <translation>Szenenwerkzeuge</translation>
    </message>
    <message>
        <source>Import label map…</source>
        <translation>Labelkarte importieren…</translation>
    </message>
    <message>
        <source>Export label map…</source>
        <translation>Labelkarte exportieren…</translation>
    </message>
    <message>
        <source>Brush (B)</source>
        <translation>Pinsel (B)</translation>
    </message>
    <message>
        <source>Fill (F): a region of one label</source>
        <translation>Füllen (F): eine Fläche eines Labels</translation>
    </message>
    <message>
        <source>Fill everything with the label</source>
        <translation>Alles mit dem Label füllen</translation>
    </message>
    <message>
        <source>&amp;Labels:</source>
        <translation>&amp;Labels:</translation>
    </message>
    <message>
        <source>Search labels</source>
        <translation>Labels suchen</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>The label the brush and the fill paint (right-click the canvas to pick one from it).</source>
        <translation>Das Label, das Pinsel und Füllen malen (Rechtsklick auf die Leinwand nimmt eines von dort auf).</translation>
    </message>
    <message>
        <source>The canvas is the picture&apos;s size: a new size resamples the map.</source>
        <translation>Die Leinwand hat die Größe des Bildes: eine neue Größe tastet die Karte neu ab.</translation>
    </message>
    <message>
        <source>Draw the scene (Ctrl+Enter)</source>
        <translation>Die Szene zeichnen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>The picture of the scene appears here.</source>
        <translation>Das Bild der Szene erscheint hier.</translation>
    </message>
    <message>
        <source>Label %1</source>
        <translation>Label %1</translation>
    </message>
    <message>
        <source>Cannot import %1: %2</source>
        <translation>%1 kann nicht importiert werden: %2</translation>
    </message>
    <message>
        <source>%1 uses label %2, but the model has %3 labels (0 to %4): choose the model it was painted for.</source>
        <translation>%1 verwendet Label %2, das Modell hat aber %3 Labels (0 bis %4): das Modell wählen, für das sie gemalt wurde.</translation>
    </message>
    <message>
        <source>%1 is %2×%3 pixels, not a multiple of %4: resampled to %5×%6.</source>
        <translation>%1 hat %2×%3 Pixel, kein Vielfaches von %4: auf %5×%6 neu abgetastet.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Import label map</source>
        <translation>Labelkarte importieren</translation>
    </message>
    <message>
        <source>Label maps (*.png *.bmp *.tif *.tiff)</source>
        <translation>Labelkarten (*.png *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>%1 is a colour picture. Choose the palette (a JSON file: label → colour, e.g. {&quot;sky-other&quot;: &quot;#87ceeb&quot;}) that says which colour is which label?</source>
        <translation>%1 ist ein Farbbild. Die Palette wählen (eine JSON-Datei: Label → Farbe, z. B. {&quot;sky-other&quot;: &quot;#87ceeb&quot;}), die sagt, welche Farbe welches Label ist?</translation>
    </message>
    <message>
        <source>Palette</source>
        <translation>Palette</translation>
    </message>
    <message>
        <source>Palettes (*.json)</source>
        <translation>Paletten (*.json)</translation>
    </message>
    <message>
        <source>Export label map</source>
        <translation>Labelkarte exportieren</translation>
    </message>
    <message>
        <source>Label maps (*.png)</source>
        <translation>Labelkarten (*.png)</translation>
    </message>
    <message>
        <source>Label map saved as %1 (8-bit grey, pixel = label)</source>
        <translation>Labelkarte gespeichert als %1 (8-Bit-Grau, Pixel = Label)</translation>
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
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
    <message>
        <source>What the image should not contain</source>
        <translation>Was das Bild nicht enthalten soll</translation>
    </message>
    <message>
        <source>Width and height must be multiples of %1 pixels.</source>
        <translation>Breite und Höhe müssen Vielfache von %1 Pixeln sein.</translation>
    </message>
    <message>
        <source>More than twice the %1×%2 pixels this model was trained at: it tends to repeat its subject, and every step takes longer.</source>
        <translation>Mehr als doppelt so groß wie die %1×%2 Pixel, mit denen dieses Modell trainiert wurde: Es neigt dazu, sein Motiv zu wiederholen, und jeder Schritt dauert länger.</translation>
    </message>
    <message>
        <source>The Hires fix below keeps the composition: make it at %1×%2 and scale it up.</source>
        <translation>Der Hires-Fix unten erhält die Komposition: Erst in %1×%2 erzeugen, dann hochskalieren.</translation>
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
        <source>&amp;Class:</source>
        <translation>&amp;Klasse:</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>What the picture shows: one of the model&apos;s classes. Type any part of a name to search.</source>
        <translation>Was das Bild zeigt: eine der Klassen des Modells. Einen beliebigen Teil eines Namens tippen, um zu suchen.</translation>
    </message>
    <message>
        <source>Type to search the classes</source>
        <translation>Tippen, um die Klassen zu durchsuchen</translation>
    </message>
    <message>
        <source>This model draws without a prompt: each seed gives another picture.</source>
        <translation>Dieses Modell zeichnet ohne Prompt: jeder Seed ergibt ein anderes Bild.</translation>
    </message>
    <message>
        <source>Hires fi&amp;x</source>
        <translation>Hires-Fi&amp;x</translation>
    </message>
    <message>
        <source>Make the picture at the size above, upscale it and redraw it at the larger size (image to image with the same prompt and seed): more detail than generating large at once.</source>
        <translation>Das Bild in der Größe oben erzeugen, hochskalieren und in der größeren Größe neu zeichnen (Bild zu Bild mit demselben Prompt und Seed): mehr Details, als sofort groß zu erzeugen.</translation>
    </message>
    <message>
        <source>How many times larger the final picture is (rounded to the model&apos;s size multiple)</source>
        <translation>Wievielmal größer das fertige Bild ist (auf das Größenvielfache des Modells gerundet)</translation>
    </message>
    <message>
        <source>Scale:</source>
        <translation>Faktor:</translation>
    </message>
    <message>
        <source>Latent</source>
        <translation>Latent</translation>
    </message>
    <message>
        <source>Bicubic</source>
        <translation>Bikubisch</translation>
    </message>
    <message>
        <source>Upscale the latent (bilinear): the model redraws more</source>
        <translation>Das Latent hochskalieren (bilinear): das Modell zeichnet mehr neu</translation>
    </message>
    <message>
        <source>Upscale the picture (bicubic), then encode it: closer to the first picture</source>
        <translation>Das Bild hochskalieren (bikubisch) und dann kodieren: näher am ersten Bild</translation>
    </message>
    <message>
        <source>Upscaler:</source>
        <translation>Hochskalierer:</translation>
    </message>
    <message>
        <source>Same as steps</source>
        <translation>Wie Schritte</translation>
    </message>
    <message>
        <source>Sampler steps of the second pass, of which the denoising strength runs (0: the steps above)</source>
        <translation>Sampler-Schritte des zweiten Durchgangs, von denen die Entrauschungsstärke läuft (0: die Schritte oben)</translation>
    </message>
    <message>
        <source>Hires steps:</source>
        <translation>Hires-Schritte:</translation>
    </message>
    <message>
        <source>How much of the upscaled picture is redrawn: low keeps it, 1 redraws it all. The model&apos;s default is set when the model changes.</source>
        <translation>Wie viel des hochskalierten Bildes neu gezeichnet wird: niedrig behält es, 1 zeichnet alles neu. Beim Modellwechsel wird der Standard des Modells gesetzt.</translation>
    </message>
    <message>
        <source>Denoising strength:</source>
        <translation>Entrauschungsstärke:</translation>
    </message>
    <message>
        <source>Final size</source>
        <translation>Endgröße</translation>
    </message>
    <message>
        <source>Final size:</source>
        <translation>Endgröße:</translation>
    </message>
    <message>
        <source>%1 × %2 (off)</source>
        <translation>%1 × %2 (aus)</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>(no class)</source>
        <translation>(keine Klasse)</translation>
    </message>
    <message>
        <source>The model&apos;s unconditional input: it chooses what to draw.</source>
        <translation>Die unbedingte Eingabe des Modells: es wählt selbst, was es zeichnet.</translation>
    </message>
    <message>
        <source>The model has no class &quot;%1&quot;: choose one from the Class list (%2).</source>
        <translation>Das Modell hat keine Klasse „%1“: eine aus der Klassenliste wählen (%2).</translation>
    </message>
    <message>
        <source>Choose a class first.</source>
        <translation>Zuerst eine Klasse wählen.</translation>
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
    <message>
        <source>The tile size must be a multiple of %1 px for this model.</source>
        <translation>Die Kachelgröße muss bei diesem Modell ein Vielfaches von %1 px sein.</translation>
    </message>
</context>
</TS>

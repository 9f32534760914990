#!/usr/bin/env bash
# Regenerates speech-and-face.mp4, the demo's input (8.6 s, 640x360, 15 fps, H.264 + AAC 16 kHz mono).
# Needs: flite (Debian: apt-get install flite) for the speech, and an FFmpeg with libx264
# (e.g. python3 -m pip install imageio-ffmpeg, then FFMPEG=$(python3 -c 'import imageio_ffmpeg as i; print(i.get_ffmpeg_exe())')).
# The face: modules/face-detect/fixtures/astronaut.jpg (NASA portrait of Eileen Collins, public domain).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ffmpeg=${FFMPEG:-ffmpeg}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
flite -voice rms -t "hello world. this is a test of the speech system." -o "$tmp/a.wav"
flite -voice rms -t "good morning. please open the door and turn on the light." -o "$tmp/b.wav"
# sentence 1, 1.2 s of silence, sentence 2; 16 kHz mono
"$ffmpeg" -v error -y -i "$tmp/a.wav" -f lavfi -t 1.2 -i anullsrc=r=16000:cl=mono -i "$tmp/b.wav" \
  -filter_complex "[0]aresample=16000,aformat=channel_layouts=mono[a];[2]aresample=16000,aformat=channel_layouts=mono[b];[a][1][b]concat=n=3:v=0:a=1" \
  -c:a pcm_s16le "$tmp/speech.wav"
# the photo slides slowly right over a blue background while the speech plays
"$ffmpeg" -v error -y -f lavfi -i "color=c=0x35506e:s=640x360:r=15:d=8.6" \
  -loop 1 -framerate 15 -i "$here/../../modules/face-detect/fixtures/astronaut.jpg" -i "$tmp/speech.wav" \
  -filter_complex "[1]scale=300:300[fg];[0][fg]overlay=x='40+240*t/8.6':y=30:shortest=1,format=yuv420p[v]" \
  -map "[v]" -map 2:a -c:v libx264 -preset slow -crf 26 -c:a aac -b:a 48k -ac 1 -movflags +faststart -t 8.6 \
  "$here/speech-and-face.mp4"
echo "wrote $here/speech-and-face.mp4"

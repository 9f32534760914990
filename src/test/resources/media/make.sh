#!/bin/sh
# Remakes the real media fixtures of MediaProbeFfmpegTest with the FFmpeg that PyPI's
# imageio-ffmpeg ships (here 0.8.1, FFmpeg 7.x static build):
#   python3 -m venv /tmp/ff && /tmp/ff/bin/pip install imageio-ffmpeg
#   FFMPEG=$(/tmp/ff/bin/python -c 'import imageio_ffmpeg as f; print(f.get_ffmpeg_exe())') sh make.sh
# Sources are FFmpeg's own generators (testsrc2, sine), so nothing is copyrighted or downloaded.
set -e
ff() { "$FFMPEG" -hide_banner -loglevel error -y -bitexact "$@"; }
V="-f lavfi -i testsrc2=size=160x120:rate=25:duration=1"
A="-f lavfi -i sine=frequency=440:sample_rate=44100:duration=1"
# H.264 + AAC stereo, moov at the end (FFmpeg's default)
ff $V -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=1" -ac 2 -c:v libx264 -preset ultrafast -crf 40 -pix_fmt yuv420p -c:a aac -b:a 32k -shortest h264_aac_moov_at_end.mp4
# the same with +faststart (moov first), 15 fps, mono 16 kHz audio
ff -f lavfi -i testsrc2=size=96x64:rate=15:duration=2 -f lavfi -i sine=sample_rate=16000:duration=2 -ac 1 -c:v libx264 -preset ultrafast -crf 45 -pix_fmt yuv420p -c:a aac -b:a 16k -movflags +faststart -shortest h264_aac_faststart.mp4
# fragmented MP4 (empty moov, moof/mdat pairs)
ff $V -c:v libx264 -preset ultrafast -crf 45 -pix_fmt yuv420p -movflags frag_keyframe+empty_moov h264_fragmented.mp4
# HEVC in QuickTime, NTSC frame rate
ff -f lavfi -i testsrc2=size=64x48:rate=30000/1001:duration=0.5 -c:v libx265 -preset ultrafast -x265-params log-level=error -crf 45 -tag:v hvc1 -pix_fmt yuv420p hevc.mov
# audio-only AAC in an M4A
ff $A -c:a aac -b:a 24k aac.m4a
# VP9 + Opus WebM, H.264 + FLAC Matroska
ff $V $A -c:v libvpx-vp9 -deadline realtime -crf 60 -b:v 0 -c:a libopus -b:a 16k -shortest vp9_opus.webm
ff $V $A -c:v libx264 -preset ultrafast -crf 45 -pix_fmt yuv420p -c:a flac -shortest h264_flac.mkv
# audio formats
ff $A -c:a libmp3lame -b:a 32k mp3_32k.mp3
ff $A -ac 2 -c:a flac stereo.flac
ff -f lavfi -i sine=sample_rate=48000:duration=1 -c:a libopus -b:a 16k opus.ogg
ff $A -c:a libvorbis -q:a 0 vorbis.ogg
ff -f lavfi -i sine=sample_rate=22050:duration=0.5 -c:a pcm_s16le pcm.wav
# MJPEG + PCM AVI
ff -f lavfi -i testsrc2=size=64x48:rate=10:duration=1 -f lavfi -i sine=sample_rate=8000:duration=1 -c:v mjpeg -q:v 31 -c:a pcm_u8 -shortest mjpeg.avi
# images
ff -f lavfi -i testsrc2=size=80x60:rate=1 -frames:v 1 -c:v libwebp still.webp
ff -f lavfi -i testsrc2=size=40x30:rate=5:duration=1 -c:v gif anim.gif
